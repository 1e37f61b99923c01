package dev.catalog.testsupport;

import dev.catalog.aws.AwsClients;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.aws.s3.EmbeddedS3;
import dev.catalog.local.services.FreePort;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;

/**
 * An S3Proxy with one bucket, and the S3 client the functions would build for it: what the S3
 * adapter tests share. The other services' endpoints point nowhere.
 */
public final class S3ProxyBucket implements AutoCloseable {
    private final EmbeddedS3 s3Proxy;
    private final AwsClients clients;

    private S3ProxyBucket(EmbeddedS3 s3Proxy, AwsClients clients) {
        this.s3Proxy = s3Proxy;
        this.clients = clients;
    }

    public static S3ProxyBucket start(String region, String bucket) throws Exception {
        EmbeddedS3 s3Proxy = EmbeddedS3.start(region, FreePort.find(), LocalClientSettings.ACCESS_KEY, LocalClientSettings.SECRET_KEY,
                created -> { });
        URI unused = URI.create("http://127.0.0.1:1");
        AwsClients clients = new AwsClients(new LocalClientSettings(
                new LocalEndpoints(region, "000000000000", unused, unused, s3Proxy.endpoint(), unused)));
        clients.s3().createBucket(request -> request.bucket(bucket)
                .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(region).build()));
        return new S3ProxyBucket(s3Proxy, clients);
    }

    public AwsClients clients() {
        return clients;
    }

    public S3Client s3() {
        return clients.s3();
    }

    @Override
    public void close() throws Exception {
        try {
            clients.close();
        } finally {
            s3Proxy.close();
        }
    }
}
