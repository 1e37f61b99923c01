package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.attachment.AttachmentKeys.AttachmentRef;
import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.UploadInspector.Inspection;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.JdbcOutboxTransactions;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.outbox.SnsOutboxPublisher;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
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
 * Processes uploads as their {@code ObjectCreated} notifications arrive (S3 → SQS): streams each
 * incoming object once (size, SHA-256, magic bytes), copies an accepted one under
 * {@code attachments/}, records the outcome with its event and reply in one Aurora transaction,
 * publishes them, and only then deletes the incoming object.
 *
 * <p>Deleting last makes every step safe to repeat: a crash anywhere before it leaves the object in
 * place and the message is redelivered; the transaction recognises an upload it already recorded
 * (processed key = object key + ETag) and writes nothing twice. A notification for an object that
 * is gone, or for an attachment already recorded, is a duplicate and only cleans up.
 *
 * <p>An upload URL stays valid for a while after its first use, so the object may be overwritten
 * while it is inspected. The copy is therefore conditional on the ETag of the bytes inspected and
 * runs inside the recording transaction, under the attachment's lock: a changed object stores and
 * records nothing (the message is retried and inspects the current bytes), and of several
 * processors racing on duplicate or reordered notifications only the one that records copies. The
 * recorded SHA-256 is always that of the stored bytes.
 */
public final class UploadProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ObjectMapper json = Json.mapper();
    private final AttachmentRules rules;
    private final AttachmentObjects objects;
    private final AttachmentStore store;
    private final AttachmentMessages messages;
    private final OutboxTransactions outboxTransactions;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Metrics metrics;

    public UploadProcessorHandler() {
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("uploadProcessor", this, SnapStartPriming.malformedSqsMessage());
    }

    public UploadProcessorHandler(FunctionEnvironment environment) {
        this(JdbcTransactions.forFunction(environment),
                environment);
    }

    private UploadProcessorHandler(JdbcTransactions transactions, FunctionEnvironment environment) {
        this(AttachmentRules.from(environment.settings()),
                S3AttachmentObjects.forDocuments(environment),
                new JdbcAttachmentStore(transactions, Json.mapper()),
                new JdbcOutboxTransactions(transactions, Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment)),
                environment.clock(),
                Metrics.forFunction(environment));
    }

    public UploadProcessorHandler(AttachmentRules rules, AttachmentObjects objects, AttachmentStore store,
            OutboxTransactions outboxTransactions, OutboxRelay relay, Clock clock) {
        this(rules, objects, store, outboxTransactions, relay, clock, Metrics.none());
    }

    public UploadProcessorHandler(AttachmentRules rules, AttachmentObjects objects, AttachmentStore store,
            OutboxTransactions outboxTransactions, OutboxRelay relay, Clock clock, Metrics metrics) {
        this.rules = rules;
        this.objects = objects;
        this.store = store;
        this.messages = new AttachmentMessages(Json.mapper());
        this.outboxTransactions = outboxTransactions;
        this.relay = relay;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        try {
            return processAll(event, context);
        } finally {
            metrics.flush();
        }
    }

    private SQSBatchResponse processAll(SQSEvent event, Context context) {
        BatchItemFailures failures = new BatchItemFailures();
        for (SQSMessage message : event.getRecords()) {
            try {
                for (S3ObjectCreated created : S3ObjectCreated.in(json, message.getBody())) {
                    process(created, message, context);
                }
            } catch (ObjectChangedException e) {
                // Expected when an upload URL is used again during processing; the retry reads the new bytes.
                StructuredLog.write(context, "WARN", "incoming object changed while it was processed; nothing kept, will be retried",
                        Map.of("messageId", message.getMessageId()));
                failures.fail(message);
            } catch (RuntimeException e) {
                // Nothing was deleted: the notification comes back after the visibility timeout.
                StructuredLog.write(context, "ERROR", "upload not processed; will be retried", Map.of(
                        "messageId", message.getMessageId(), "error", e.getClass().getName()));
                failures.fail(message);
            }
        }
        return failures.toResponse();
    }

    private void process(S3ObjectCreated created, SQSMessage message, Context context) {
        Optional<AttachmentRef> ref = AttachmentKeys.parseIncoming(created.key());
        if (ref.isEmpty()) {
            // Not a key the API issues: leave it for the bucket's expiry rule, never guess at it.
            StructuredLog.write(context, "WARN", "ignored an object outside the upload key scheme",
                    Map.of("messageId", message.getMessageId()));
            return;
        }
        AttachmentRef ids = ref.get();
        Map<String, Object> logFields = new LinkedHashMap<>();
        logFields.put("messageId", message.getMessageId());
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
        Outcome inspected = outcome.get();
        Attachment attachment = inspected.attachment();
        UUID processingId = UUID.nameUUIDFromBytes((created.key() + "#" + created.eTag()).getBytes(StandardCharsets.UTF_8));
        Optional<List<PendingOutboxMessage>> committed = store.recordUpload(processingId, attachment,
                messages.uploadProcessed(attachment, inspected.uploadedBy()), () -> {
                    if (attachment.status() == AttachmentStatus.STORED) {
                        // The bytes inspected or none: if the upload URL was used again since, the retry inspects the new ones.
                        objects.copyIfUnchanged(created.key(), inspected.inspectedETag(), attachment.s3Key());
                    }
                });
        committed.ifPresent(rows -> {
            record(attachment);
            publish(rows, context);
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
    private void record(Attachment attachment) {
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

    private void publish(List<PendingOutboxMessage> committed, Context context) {
        try {
            outboxTransactions.inTransaction(outbox -> relay.relay(committed, outbox));
        } catch (RuntimeException e) {
            // Committed already: the outbox sweeper publishes whatever is not marked.
            StructuredLog.write(context, "WARN", "outbox relay failed; left for the sweeper",
                    Map.of("error", e.getClass().getName(), "rows", committed.size()));
        }
    }
}
