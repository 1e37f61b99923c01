package dev.catalog.projection;

import java.time.Instant;
import java.util.UUID;

/**
 * One attachment as the product view lists it, at the version of its latest event (1 when the
 * upload was recorded, 2 when it was deleted).
 *
 * @param status          STORED, REJECTED or DELETED
 * @param sha256          null when the upload was rejected before it was read to the end
 * @param rejectionReason null unless REJECTED
 */
public record AttachmentView(UUID productId, UUID attachmentId, String fileName, String contentType, long sizeBytes,
                             String sha256, String status, String rejectionReason, long version, Instant createdAt,
                             Instant updatedAt) {
}
