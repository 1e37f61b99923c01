package dev.catalog.local.aws.s3;

import dev.catalog.local.aws.iam.LocalIam;
import java.util.Map;
import org.gaul.s3proxy.LocalAccessDenied;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * The blob store as one caller sees it through S3Proxy: each object operation decided by the
 * caller's role first (reads and HEAD {@code s3:GetObject}, writes, copies' targets and multipart
 * uploads {@code s3:PutObject}, deletes {@code s3:DeleteObject}, listings {@code s3:ListBucket} with
 * {@code s3:prefix}). As on S3, a missing key is {@code 404 NoSuchKey} only to a caller who may list
 * it ({@code s3:ListBucket} with that prefix); to anyone else it is {@code 403 AccessDenied}, so a
 * vanished object is not told apart from one that exists.
 *
 * <p>One instance serves one request (S3Proxy locates the store per request), so it can tell the
 * request's own operation from the reads S3Proxy makes to answer it: after a copy, S3Proxy reads the
 * target's metadata for the response, which is not a {@code HEAD} of the caller's. (It also reads
 * metadata before conditional and multipart writes, which the functions do not make.)
 */
final class AuthorizingBlobStore extends ForwardingBlobStore {
    private final LocalIam iam;
    private final String accessKeyId;
    /** The object this request copied to, whose metadata S3Proxy then reads for its answer. */
    private String copiedTo;

    AuthorizingBlobStore(BlobStore delegate, LocalIam iam, String accessKeyId) {
        super(delegate);
        this.iam = iam;
        this.accessKeyId = accessKeyId;
    }

    @Override
    public Blob getBlob(String container, String name) {
        return getBlob(container, name, GetOptions.NONE);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        require("s3:GetObject", object(container, name), Map.of());
        return existingOrDenied(container, name, super.getBlob(container, name, options));
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
        if (object(container, name).equals(copiedTo)) {
            return super.blobMetadata(container, name);
        }
        require("s3:GetObject", object(container, name), Map.of());
        return existingOrDenied(container, name, super.blobMetadata(container, name));
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return putBlob(container, blob, PutOptions.NONE);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        require("s3:PutObject", object(container, blob.getMetadata().getName()), Map.of());
        return super.putBlob(container, blob, options);
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
        require("s3:GetObject", object(fromContainer, fromName), Map.of());
        require("s3:PutObject", object(toContainer, toName), Map.of());
        String eTag = super.copyBlob(fromContainer, fromName, toContainer, toName, options);
        copiedTo = object(toContainer, toName);
        return eTag;
    }

    @Override
    public MultipartUpload initiateMultipartUpload(String container, BlobMetadata metadata, PutOptions options) {
        require("s3:PutObject", object(container, metadata.getName()), Map.of());
        return super.initiateMultipartUpload(container, metadata, options);
    }

    @Override
    public void removeBlob(String container, String name) {
        require("s3:DeleteObject", object(container, name), Map.of());
        super.removeBlob(container, name);
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
        names.forEach(name -> require("s3:DeleteObject", object(container, name), Map.of()));
        super.removeBlobs(container, names);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container) {
        return list(container, ListContainerOptions.NONE);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        String prefix = options.getPrefix() != null ? options.getPrefix() : options.getDir();
        require("s3:ListBucket", bucket(container), prefix == null ? Map.of() : Map.of("s3:prefix", prefix));
        return super.list(container, options);
    }

    private <T> T existingOrDenied(String container, String name, T found) {
        if (found == null) {
            require("s3:ListBucket", bucket(container), Map.of("s3:prefix", name));
        }
        return found;
    }

    private void require(String action, String resource, Map<String, String> context) {
        iam.authorize(accessKeyId, action, resource, context).denial().ifPresent(message -> sneakyThrow(LocalAccessDenied.because(message)));
    }

    private static String bucket(String container) {
        return "arn:aws:s3:::" + container;
    }

    private static String object(String container, String name) {
        return bucket(container) + "/" + name;
    }

    /** S3Proxy answers a checked S3Exception from the store as S3's error document; the BlobStore interface declares none. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable exception) throws E {
        throw (E) exception;
    }
}
