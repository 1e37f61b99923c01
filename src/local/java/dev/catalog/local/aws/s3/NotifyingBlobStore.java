package dev.catalog.local.aws.s3;

import java.util.List;
import java.util.function.Consumer;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * Reports every object S3Proxy stores (plain and presigned PUTs, copies, completed multipart
 * uploads) after the store succeeded, so the runtime can emit the S3 event notifications AWS would.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {
    private final Consumer<CreatedObject> objectCreated;

    NotifyingBlobStore(BlobStore delegate, Consumer<CreatedObject> objectCreated) {
        super(delegate);
        this.objectCreated = objectCreated;
    }

    @Override
    public String putBlob(String container, Blob blob) {
        return putBlob(container, blob, PutOptions.NONE);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        String eTag = super.putBlob(container, blob, options);
        report(container, blob.getMetadata().getName(), eTag, "ObjectCreated:Put");
        return eTag;
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName, CopyOptions options) {
        String eTag = super.copyBlob(fromContainer, fromName, toContainer, toName, options);
        report(toContainer, toName, eTag, "ObjectCreated:Copy");
        return eTag;
    }

    @Override
    public String completeMultipartUpload(MultipartUpload upload, List<MultipartPart> parts) {
        String eTag = super.completeMultipartUpload(upload, parts);
        report(upload.containerName(), upload.blobName(), eTag, "ObjectCreated:CompleteMultipartUpload");
        return eTag;
    }

    private void report(String container, String name, String eTag, String eventName) {
        BlobMetadata stored = delegate().blobMetadata(container, name);
        long size = stored == null || stored.getSize() == null ? 0 : stored.getSize();
        objectCreated.accept(new CreatedObject(container, name, size, unquote(eTag), eventName));
    }

    private static String unquote(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "");
    }
}
