package dev.catalog.local.aws;

import java.net.URI;

/** Where each embedded service listens, and the region and account the local ARNs use. */
public record LocalEndpoints(String region, String accountId, URI sqs, URI sns, URI s3, URI dynamoDb) {
}
