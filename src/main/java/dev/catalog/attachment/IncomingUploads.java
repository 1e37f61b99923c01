package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.attachment.AttachmentKeys.AttachmentRef;
import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.UploadInspector.Inspection;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.queue.S3ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One incoming upload, processed: streamed once (size, SHA-256, magic bytes), copied under
 * {@code attachments/} when accepted, recorded with its event and reply in one Aurora transaction,
 * published, and only then removed from {@code incoming/}.
 *
 * <p>Deleting last makes every step safe to repeat: a crash anywhere before it leaves the object in
 * place and the message is redelivered; the transaction recognises an upload it already recorded
 * (processed key = object key + ETag) and writes nothing twice. An object that is gone, or an
 * attachment already recorded, is a duplicate and only cleans up.
 *
 * <p>An upload URL stays valid for a while after its first use, so the object may be overwritten
 * while it is inspected. The copy is therefore conditional on the ETag of the bytes inspected and
 * runs inside the recording transaction, under the attachment's lock: a changed object stores and
 * records nothing ({@link ObjectChangedException}, retried), and of several processors racing on
 * duplicate or reordered notifications only the one that records copies. The recorded SHA-256 is
 * always that of the stored bytes.
 */
final class IncomingUploads {
    private final AttachmentRules rules;
    private final AttachmentObjects objects;
    private final AttachmentStore store;
    private final AttachmentMessages messages = new AttachmentMessages(Json.mapper());
    private final OutboxAfterCommit outbox;
    private final Clock clock;
    private final Metrics metrics;

    IncomingUploads(AttachmentRules rules, AttachmentObjects objects, AttachmentStore store, OutboxAfterCommit outbox, Clock clock,
            Metrics metrics) {
        this.rules = rules;
        this.objects = objects;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    void process(S3ObjectCreated created, String messageId, Context context) {
        Optional<AttachmentRef> ref = AttachmentKeys.parseIncoming(created.key());
        if (ref.isEmpty()) {
            // Not a key the API issues: leave it for the bucket's expiry rule, never guess at it.
            StructuredLog.write(context, "WARN", "ignored an object outside the upload key scheme", Map.of("messageId", messageId));
            return;
        }
        AttachmentRef ids = ref.get();
        Map<String, Object> logFields = new LinkedHashMap<>();
        logFields.put("messageId", messageId);
        logFields.put("attachmentId", ids.attachmentId().toString());
        logFields.put("productId", ids.productId().toString());
        if (store.exists(ids.attachmentId())) {
            objects.delete(created.key());
            StructuredLog.write(context, "INFO", "upload already recorded; incoming object removed", logFields);
            return;
        }
        Optional<Outcome> outcome = inspect(created.key(), ids);
        if (outcome.isEmpty()) {
            StructuredLog.write(context, "INFO", "incoming object already gone; nothing to do", logFields);
            return;
        }
        Attachment attachment = outcome.get().attachment();
        UUID processingId = UUID.nameUUIDFromBytes((created.key() + "#" + created.eTag()).getBytes(StandardCharsets.UTF_8));
        Optional<List<PendingOutboxMessage>> committed = store.recordUpload(processingId, attachment,
                messages.uploadProcessed(attachment, outcome.get().uploadedBy()), () -> {
                    if (attachment.status() == AttachmentStatus.STORED) {
                        // The bytes inspected or none: if the upload URL was used again since, the retry inspects the new ones.
                        objects.copyIfUnchanged(created.key(), outcome.get().inspectedETag(), attachment.s3Key());
                    }
                });
        committed.ifPresent(rows -> {
            count(attachment);
            outbox.publish(rows, context);
        });
        objects.delete(created.key());
        logFields.put("status", attachment.status().name());
        logFields.put("sizeBytes", attachment.sizeBytes());
        if (attachment.rejectionReason() != null) {
            logFields.put("rejectionReason", attachment.rejectionReason().name());
        }
        logFields.put("duplicate", committed.isEmpty() ? "true" : "false");
        StructuredLog.write(context, "INFO", "upload processed", logFields);
    }

    /** Once per attachment: only the processor that recorded the upload counts it, never a duplicate. */
    private void count(Attachment attachment) {
        if (attachment.status() == AttachmentStatus.STORED) {
            metrics.record(Metric.ATTACHMENTS_STORED, 1);
            metrics.record(Metric.ATTACHMENT_BYTES, attachment.sizeBytes());
        } else {
            metrics.record(Metric.ATTACHMENTS_REJECTED, 1);
        }
    }

    /** @param inspectedETag names the bytes the decision was made on */
    private record Outcome(Attachment attachment, String uploadedBy, String inspectedETag) {
    }

    private Optional<Outcome> inspect(String key, AttachmentRef ids) {
        Optional<StoredObject> opened = objects.open(key);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (StoredObject object = opened.get()) {
            String fileName = Optional.ofNullable(FileNames.fromMetadata(object.metadata().get(UploadUrls.FILE_NAME_METADATA)))
                    .map(FileNames::sanitise).orElse(FileNames.FALLBACK);
            String uploadedBy = Optional.ofNullable(FileNames.fromMetadata(object.metadata().get(UploadUrls.UPLOADED_BY_METADATA)))
                    .filter(sub -> !sub.isBlank()).orElse("unknown");
            Optional<String> declared = MediaTypes.essence(object.contentType());
            String contentType = declared.orElse("application/octet-stream");
            RejectionReason reason = null;
            Inspection inspection = null;
            if (declared.isEmpty() || !rules.allows(declared.get())) {
                reason = RejectionReason.TYPE_NOT_ALLOWED;
            } else if (object.contentLength() > rules.maxBytes()) {
                reason = RejectionReason.TOO_LARGE;
            } else if (!store.productIsLive(ids.productId())) {
                reason = RejectionReason.PRODUCT_NOT_FOUND;
            } else {
                inspection = UploadInspector.inspect(object.content(), rules.maxBytes());
                if (inspection.exceededLimit()) {
                    reason = RejectionReason.TOO_LARGE;
                } else if (!MagicBytes.matches(contentType, inspection.head(), inspection.headLength())) {
                    reason = RejectionReason.CONTENT_MISMATCH;
                }
            }
            Instant now = clock.instant();
            long size = inspection != null && !inspection.exceededLimit() ? inspection.sizeBytes() : Math.max(0, object.contentLength());
            String sha256 = inspection == null ? null : inspection.sha256();
            Attachment attachment = reason == null
                    ? new Attachment(ids.attachmentId(), ids.productId(), fileName, contentType, size, sha256, AttachmentStatus.STORED,
                            AttachmentKeys.stored(ids.productId(), ids.attachmentId()), null, now, now)
                    : new Attachment(ids.attachmentId(), ids.productId(), fileName, contentType, size, sha256, AttachmentStatus.REJECTED,
                            null, reason, now, now);
            return Optional.of(new Outcome(attachment, uploadedBy, object.eTag()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an incoming object failed", e);
        }
    }
}
