package dev.catalog.local.runtime.clients;

import java.net.URI;

/**
 * Where an emulator running outside the runtime (LocalStack, for example) answers for SQS, SNS,
 * S3 and DynamoDB. Given these, the runtime starts none of its own embedded services for them and
 * drives the functions against the emulator instead; PostgreSQL stays embedded for Aurora.
 */
public record ExternalServices(URI sqs, URI sns, URI s3, URI dynamoDb) {

    /** One endpoint for every service, as LocalStack's edge port is. */
    public static ExternalServices allAt(URI endpoint) {
        return new ExternalServices(endpoint, endpoint, endpoint, endpoint);
    }
}
