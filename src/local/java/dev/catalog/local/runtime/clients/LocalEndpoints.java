package dev.catalog.local.runtime.clients;

import java.net.URI;

/**
 * Where each embedded service listens, and the region and account the local ARNs use.
 *
 * @param secretsManager the runtime's own Secrets Manager stand-in; null where none runs (tools and
 *     tests that only talk to the four data services)
 */
public record LocalEndpoints(String region, String accountId, URI sqs, URI sns, URI s3, URI dynamoDb, URI secretsManager) {

    /** The four data services, without a Secrets Manager. */
    public LocalEndpoints(String region, String accountId, URI sqs, URI sns, URI s3, URI dynamoDb) {
        this(region, accountId, sqs, sns, s3, dynamoDb, null);
    }
}
