package dev.catalog.local.aws.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import dev.catalog.local.aws.iam.LocalIam;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * S3 on S3Proxy with jclouds' in-memory blob store (or, for benchmarks, its filesystem store). S3Proxy checks request and presigned-URL
 * signatures against the local credentials. It has no bucket notifications, so every object it
 * creates, whatever the client, is reported to {@code objectCreated} by {@link NotifyingBlobStore}.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** With no function roles: only {@code accessKey} signs, with full access. */
    public static EmbeddedS3 start(String region, int port, String accessKey, String secretKey, Consumer<CreatedObject> objectCreated)
            throws Exception {
        return start(region, port, accessKey, secretKey, new LocalIam(), objectCreated);
    }

    /**
     * Also accepts the access keys of the functions' roles in {@code iam} (signed with the same
     * secret), each function's requests decided by its role.
     */
    public static EmbeddedS3 start(String region, int port, String accessKey, String secretKey, LocalIam iam,
            Consumer<CreatedObject> objectCreated) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("local", "local")
                .build(BlobStoreContext.class);
        return start(context, region, port, accessKey, secretKey, iam, objectCreated);
    }

    /**
     * Objects kept as files under {@code directory} rather than on the heap: a benchmark reading
     * hundreds of MiB measures the reader, not the store's memory.
     */
    public static EmbeddedS3 startOnDisk(Path directory, String region, int port, String accessKey, String secretKey,
            Consumer<CreatedObject> objectCreated) throws Exception {
        Properties store = new Properties();
        store.setProperty(FilesystemConstants.PROPERTY_BASEDIR, directory.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("local", "local")
                .overrides(store)
                .build(BlobStoreContext.class);
        return start(context, region, port, accessKey, secretKey, new LocalIam(), objectCreated);
    }

    private static EmbeddedS3 start(BlobStoreContext context, String region, int port, String accessKey, String secretKey,
            LocalIam iam, Consumer<CreatedObject> objectCreated) throws Exception {
        BlobStore blobStore = new NotifyingBlobStore(new RegionalBlobStore(context.getBlobStore(), region), objectCreated);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .build();
        // Which keys may sign, with which secret, and the store each one sees (a function's decided by its role).
        proxy.setBlobStoreLocator((identity, container, blob) -> {
            if (accessKey.equals(identity)) {
                return Map.entry(secretKey, blobStore);
            }
            return iam.roleOf(identity).<Map.Entry<String, BlobStore>>map(role -> Map.entry(secretKey,
                    new AuthorizingBlobStore(blobStore, iam, identity))).orElse(null);
        });
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(5);
        }
        return new EmbeddedS3(proxy, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
