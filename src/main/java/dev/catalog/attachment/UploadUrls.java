package dev.catalog.attachment;

import dev.catalog.config.FunctionEnvironment;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Issues presigned URLs for the documents bucket. Signing is local: no request is sent, so these
 * never fail for want of the network.
 */
public interface UploadUrls {

    /** The documents bucket's URLs, signed with the function's credentials and clock. */
    static UploadUrls forDocuments(FunctionEnvironment environment) {
        return new S3UploadUrls(environment.clients().s3Presigner(), environment.clients().settings().credentials(),
                environment.clients().settings().region(), environment.settings().requireDocumentsBucket(), environment.clock());
    }

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

        /** The answer handing the URL to a client: the id it names ({@code idField}), where to PUT, with which headers, until when. */
        public ObjectNode toAnswer(String idField, UUID id) {
            ObjectNode answer = Json.mapper().createObjectNode();
            answer.put(idField, id.toString());
            answer.put("uploadUrl", url.toString());
            answer.put("method", "PUT");
            ObjectNode signedHeaders = answer.putObject("headers");
            headers.forEach(signedHeaders::put);
            answer.put("expiresAt", expiresAt.toString());
            return answer;
        }
    }
}
