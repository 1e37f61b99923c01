package dev.catalog.local.runtime.clients;

import dev.catalog.aws.ClientSettings;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The one place that points SDK clients at the embedded services: loopback endpoints, the local
 * region and credentials, and what S3Proxy needs (path-style addressing; checksums only where
 * S3 requires them, because S3Proxy rejects the SDK's default flexible checksums).
 */
public final class LocalClientSettings implements ClientSettings {
    /**
     * S3Proxy checks signatures against these, so presigned URLs are verified as on AWS. DynamoDB
     * Local accepts only letters and digits in an access key id.
     */
    public static final String ACCESS_KEY = "LOCALACCESSKEY";
    public static final String SECRET_KEY = "localsecretkey";
    /** Lambda's role credentials are temporary, so functions always have a session token. */
    public static final String SESSION_TOKEN = "localsessiontoken";

    private final LocalEndpoints endpoints;
    private final Optional<ExecutionInterceptor> requestInterceptor;
    private final String accessKeyId;

    public LocalClientSettings(LocalEndpoints endpoints) {
        this(endpoints, Optional.empty());
    }

    /**
     * @param requestInterceptor when present, added to every client built with these settings (the
     *     benchmark counts the AWS requests the code makes with it); absent for normal use
     */
    public LocalClientSettings(LocalEndpoints endpoints, Optional<ExecutionInterceptor> requestInterceptor) {
        this(endpoints, requestInterceptor, ACCESS_KEY);
    }

    private LocalClientSettings(LocalEndpoints endpoints, Optional<ExecutionInterceptor> requestInterceptor, String accessKeyId) {
        this.endpoints = endpoints;
        this.requestInterceptor = requestInterceptor;
        this.accessKeyId = accessKeyId;
    }

    /**
     * The same settings signing with a role's own access key id (and the one local secret), as a
     * function's clients sign with its role's credentials on Lambda: the stand-ins decide its
     * requests by that role.
     */
    public LocalClientSettings withAccessKey(String roleAccessKeyId) {
        return new LocalClientSettings(endpoints, requestInterceptor, roleAccessKeyId);
    }

    public LocalEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void configure(AwsClientBuilder<?, ?> builder) {
        builder.region(region()).credentialsProvider(credentials()).endpointOverride(endpointFor(builder));
        requestInterceptor.ifPresent(interceptor -> builder.overrideConfiguration(
                configuration -> configuration.addExecutionInterceptor(interceptor)));
    }

    @Override
    public void configureS3(S3BaseClientBuilder<?, ?> builder) {
        builder.forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }

    @Override
    public void configurePresigner(S3Presigner.Builder builder) {
        builder.region(region()).credentialsProvider(credentials()).endpointOverride(endpoints.s3())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, SECRET_KEY));
    }

    @Override
    public Region region() {
        return Region.of(endpoints.region());
    }

    /**
     * The same settings as environment variables the SDK reads by itself, for functions that run as
     * Lambda runs them (their code builds clients with the SDK's defaults): the credentials Lambda
     * would give the function's role, each service's endpoint, and checksums only where S3 requires
     * them. S3 addresses buckets by path on its own when the endpoint is an IP address.
     * Credentials are those of {@link #withAccessKey}, when given.
     */
    public java.util.Map<String, String> sdkEnvironment() {
        java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put("AWS_ACCESS_KEY_ID", accessKeyId);
        variables.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        variables.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        variables.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
        variables.put("AWS_ENDPOINT_URL_SNS", endpoints.sns().toString());
        variables.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
        variables.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamoDb().toString());
        if (endpoints.secretsManager() != null) {
            variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoints.secretsManager().toString());
        }
        variables.put("AWS_REQUEST_CHECKSUM_CALCULATION", "WHEN_REQUIRED");
        variables.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "WHEN_REQUIRED");
        return variables;
    }

    private URI endpointFor(AwsClientBuilder<?, ?> builder) {
        if (builder instanceof S3BaseClientBuilder<?, ?>) {
            return endpoints.s3();
        }
        if (builder instanceof SqsClientBuilder) {
            return endpoints.sqs();
        }
        if (builder instanceof SnsClientBuilder) {
            return endpoints.sns();
        }
        if (builder instanceof DynamoDbClientBuilder) {
            return endpoints.dynamoDb();
        }
        if (builder instanceof SecretsManagerClientBuilder && endpoints.secretsManager() != null) {
            return endpoints.secretsManager();
        }
        throw new IllegalArgumentException("no local endpoint for " + builder.getClass().getName());
    }
}
