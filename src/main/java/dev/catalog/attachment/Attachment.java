package dev.catalog.attachment;

import java.time.Instant;
import java.util.UUID;

/**
 * An attachment as Aurora records it.
 *
 * @param sha256          lower-case hex; null when the upload was rejected before it was read to the end
 * @param s3Key           where a STORED attachment's bytes live; null otherwise
 * @param rejectionReason why a REJECTED upload was refused; null otherwise
 */
public record Attachment(UUID attachmentId, UUID productId, String fileName, String contentType, long sizeBytes,
                         String sha256, AttachmentStatus status, String s3Key, RejectionReason rejectionReason,
                         Instant createdAt, Instant updatedAt) {

    public enum AttachmentStatus { STORED, REJECTED, DELETED }

    /** Stable codes clients can act on. */
    public enum RejectionReason {
        TYPE_NOT_ALLOWED("the stored content type is not an allowed attachment type"),
        TOO_LARGE("the file is larger than the attachment size limit"),
        CONTENT_MISMATCH("the file's content does not match its declared type"),
        PRODUCT_NOT_FOUND("the product does not exist");

        private final String message;

        RejectionReason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }
}
