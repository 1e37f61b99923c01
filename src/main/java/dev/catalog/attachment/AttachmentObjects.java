package dev.catalog.attachment;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of the documents bucket the upload processor reads, copies and deletes. Adapters
 * translate their failures into {@link AttachmentStorageException}.
 */
public interface AttachmentObjects {

    /** The object streamed from storage, or empty when it does not exist (already processed). */
    Optional<StoredObject> open(String key);

    /** Server-side copy: the bytes never pass through the function. */
    void copy(String fromKey, String toKey);

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
        String contentType();

        long contentLength();

        Map<String, String> metadata();

        InputStream content();

        @Override
        void close();
    }
}
