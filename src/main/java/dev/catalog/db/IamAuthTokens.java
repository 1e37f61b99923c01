package dev.catalog.db;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Aurora IAM authentication tokens: a SigV4-presigned {@code connect} request for the database
 * user, valid 15 minutes, used as the password. Made in-process (no call to AWS) with the core
 * SDK's signer, which keeps the 5 MB RDS client module out of the Lambda artifact.
 */
final class IamAuthTokens {
    private static final Duration VALIDITY = Duration.ofMinutes(15);

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    IamAuthTokens(AwsCredentialsProvider credentials, Region region) {
        this.credentials = credentials;
        this.region = region;
    }

    String tokenFor(String host, int port, String user) {
        SdkHttpRequest connect = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("Action", "connect")
                .putRawQueryParameter("DBUser", user)
                .build();
        SdkHttpRequest signed = signer.sign(request -> request
                .identity(credentials.resolveCredentials())
                .request(connect)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)).request();
        return signed.getUri().toString().substring("https://".length());
    }
}
