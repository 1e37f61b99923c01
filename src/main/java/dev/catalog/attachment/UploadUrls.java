package dev.catalog.attachment;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Issues presigned URLs for the documents bucket. Signing is local: no request is sent, so these
 * never fail for want of the network.
 */
public interface UploadUrls {

    /** Metadata names (without the {@code x-amz-meta-} prefix) the upload binds. */
    String FILE_NAME_METADATA = "file-name";
    String UPLOADED_BY_METADATA = "uploaded-by";

    /**
     * A PUT URL for exactly this key, content type, length and metadata: S3 refuses the upload if
     * the client sends anything else.
     *
     * @param metadata user metadata (ASCII values), sent as {@code x-amz-meta-<name>} headers
     */
    PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
            Duration validFor);

    /** A GET URL for one object. */
    URI presignGet(String key, Duration validFor);

    /** @param headers the headers the client must send with the PUT, with the signed values */
    record PresignedUpload(URI url, Map<String, String> headers, Instant expiresAt) {
        public PresignedUpload {
            headers = Map.copyOf(headers);
        }
    }
}
