package dev.catalog.attachment;

import dev.catalog.config.FunctionEnvironment;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of the documents bucket the upload processor reads, copies and deletes. Adapters
 * translate their failures into {@link AttachmentStorageException}.
 */
public interface AttachmentObjects {

    /** The function's documents bucket (S3), through its S3 client. */
    static AttachmentObjects forDocuments(FunctionEnvironment environment) {
        return new S3AttachmentObjects(environment.clients().s3(), environment.settings().requireDocumentsBucket());
    }

    /** The object streamed from storage, or empty when it does not exist (already processed). */
    Optional<StoredObject> open(String key);

    /**
     * Server-side copy (the bytes never pass through the function) of {@code fromKey} only while it
     * is still the object that was read: the one {@link StoredObject#eTag()} names. What was
     * inspected is what gets copied, even when the upload URL is used again meanwhile.
     *
     * @throws ObjectChangedException when {@code fromKey} was overwritten or removed since it was read
     */
    void copyIfUnchanged(String fromKey, String eTag, String toKey);

    /** Deleting an object that is already gone succeeds. */
    void delete(String key);

    /**
     * An open object: read {@link #content()} once, then close. Closing before the end abandons the
     * rest of the transfer instead of draining it.
     *
     * @param contentType the Content-Type stored with the object (the one the upload URL bound)
     * @param metadata    user metadata without the {@code x-amz-meta-} prefix
     */
    interface StoredObject extends AutoCloseable {
        /** Names these bytes: a later write of the same key with other content has another entity tag. */
        String eTag();

        String contentType();

        long contentLength();

        Map<String, String> metadata();

        InputStream content();

        @Override
        void close();
    }
}
