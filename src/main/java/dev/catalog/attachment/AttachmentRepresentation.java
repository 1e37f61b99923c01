package dev.catalog.attachment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.catalog.projection.AttachmentView;
import java.time.Instant;
import java.util.UUID;

/**
 * An attachment as {@code GET /v1/products/{id}/attachments/{aid}} answers it: the view and, for a
 * STORED one, where to download it until when.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AttachmentRepresentation(UUID attachmentId, UUID productId, String fileName, String contentType, long sizeBytes,
                                String status, Instant createdAt, Instant updatedAt, String sha256, String rejectionReason,
                                String downloadUrl, Instant downloadUrlExpiresAt) {

    static AttachmentRepresentation of(AttachmentView view, String downloadUrl, Instant downloadUrlExpiresAt) {
        return new AttachmentRepresentation(view.attachmentId(), view.productId(), view.fileName(), view.contentType(), view.sizeBytes(),
                view.status(), view.createdAt(), view.updatedAt(), view.sha256(), view.rejectionReason(), downloadUrl,
                downloadUrlExpiresAt);
    }
}
