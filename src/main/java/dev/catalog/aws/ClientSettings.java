package dev.catalog.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Decides where SDK clients connect and with which client-level settings.
 *
 * <p>In Lambda the SDK defaults are right ({@link #lambdaDefaults()}): region and credentials
 * come from the function's environment. The local runtime supplies its own implementation with
 * loopback endpoints and the settings its emulators need; this is the single place where the
 * two differ, so handlers never know which one they run against.
 */
public interface ClientSettings {

    /** Applied to every client builder before it is built. */
    void configure(AwsClientBuilder<?, ?> builder);

    /** Applied to S3 clients after {@link #configure}, for S3-only options. */
    default void configureS3(S3BaseClientBuilder<?, ?> builder) {
    }

    /** Applied to S3 presigners, which are not SDK clients and so have a builder of their own. */
    default void configurePresigner(S3Presigner.Builder builder) {
    }

    /** Signs Aurora IAM authentication tokens: the function's own credentials in Lambda. */
    default AwsCredentialsProvider credentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    /** The region tokens are signed for: the function's region in Lambda. */
    default Region region() {
        return new DefaultAwsRegionProviderChain().getRegion();
    }

    /**
     * Applied to JDBC connection properties after the functions' own TLS rule (verified TLS to the
     * Amazon RDS authorities); in Lambda nothing is added.
     */
    default void configureJdbc(Properties properties) {
    }

    static ClientSettings lambdaDefaults() {
        return builder -> { };
    }
}
