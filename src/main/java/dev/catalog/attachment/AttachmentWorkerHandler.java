package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.attachment.AttachmentStore.DeleteResult;
import dev.catalog.command.CommandEnvelope;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.outbox.JdbcOutboxTransactions;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.outbox.SnsOutboxPublisher;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.MalformedMessageException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies {@code attachment.delete} commands (FIFO, one group per product): soft-deletes the
 * attachment in Aurora with its event and reply in one transaction, removes the stored object once
 * that has committed, and publishes the messages.
 *
 * <p>The record goes first so that a STORED row never points at nothing: with the database down
 * nothing is touched and the command is retried. When the object's delete fails after the commit,
 * the message fails too; its redelivery is a duplicate command, which changes nothing in Aurora
 * but removes the object again — only if the attachment is recorded DELETED, so a redelivered
 * delete that found nothing the first time never removes an object stored since.
 */
public final class AttachmentWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String ATTACHMENT_DELETE = "attachment.delete";

    private final ObjectMapper json = Json.mapper();
    private final AttachmentObjects objects;
    private final AttachmentStore store;
    private final AttachmentMessages messages = new AttachmentMessages(Json.mapper());
    private final OutboxTransactions outboxTransactions;
    private final OutboxRelay relay;
    private final Clock clock;

    public AttachmentWorkerHandler() {
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("attachmentWorker", this, SnapStartPriming.malformedSqsMessage());
    }

    public AttachmentWorkerHandler(FunctionEnvironment environment) {
        this(JdbcTransactions.forFunction(environment),
                environment);
    }

    private AttachmentWorkerHandler(JdbcTransactions transactions, FunctionEnvironment environment) {
        this(S3AttachmentObjects.forDocuments(environment),
                new JdbcAttachmentStore(transactions, Json.mapper()),
                new JdbcOutboxTransactions(transactions, Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment)),
                environment.clock());
    }

    public AttachmentWorkerHandler(AttachmentObjects objects, AttachmentStore store, OutboxTransactions outboxTransactions,
            OutboxRelay relay, Clock clock) {
        this.objects = objects;
        this.store = store;
        this.outboxTransactions = outboxTransactions;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        BatchItemFailures failures = new BatchItemFailures();
        List<PendingOutboxMessage> committed = new ArrayList<>();
        for (SQSMessage message : event.getRecords()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messageId", message.getMessageId());
            if (failures.isBlocked(message)) {
                StructuredLog.write(context, "WARN", "skipped: an earlier message of its group failed", fields);
                failures.fail(message);
                continue;
            }
            try {
                DeleteCommand command = read(message);
                fields.put("commandId", command.envelope().commandId().toString());
                fields.put("correlationId", command.envelope().correlationId());
                fields.put("attachmentId", command.attachmentId().toString());
                DeleteResult result = store.applyDelete(command.envelope().commandId(), command.envelope().type(), command.productId(),
                        command.attachmentId(), clock.instant(), deleted -> messages.deleted(command.envelope(), deleted),
                        messages.deleteFailed(command.envelope(), clock.instant()));
                committed.addAll(result.committed());
                fields.put("outcome", result.outcome().name());
                StructuredLog.write(context, "INFO", "attachment command applied", fields);
                if (result.attachmentDeleted() && !deleteObject(command, fields, context)) {
                    failures.fail(message);
                }
            } catch (MalformedMessageException e) {
                fields.put("reason", e.getMessage());
                StructuredLog.write(context, "ERROR", "malformed attachment command", fields);
                failures.fail(message);
            } catch (RuntimeException e) {
                fields.put("error", e.getClass().getName());
                StructuredLog.write(context, "ERROR", "attachment command not applied; will be retried", fields);
                failures.fail(message);
            }
        }
        if (!committed.isEmpty()) {
            try {
                outboxTransactions.inTransaction(outbox -> relay.relay(committed, outbox));
            } catch (RuntimeException e) {
                StructuredLog.write(context, "WARN", "outbox relay failed; left for the sweeper",
                        Map.of("error", e.getClass().getName(), "rows", committed.size()));
            }
        }
        return failures.toResponse();
    }

    /** @return false when the object is still there: the message is retried, and its redelivery deletes it */
    private boolean deleteObject(DeleteCommand command, Map<String, Object> fields, Context context) {
        try {
            objects.delete(AttachmentKeys.stored(command.productId(), command.attachmentId()));
            return true;
        } catch (RuntimeException e) {
            Map<String, Object> failed = new LinkedHashMap<>(fields);
            failed.put("error", e.getClass().getName());
            StructuredLog.write(context, "ERROR", "attachment recorded deleted but its object is not removed yet; will be retried", failed);
            return false;
        }
    }

    record DeleteCommand(CommandEnvelope envelope, UUID productId, UUID attachmentId) {
    }

    /** @throws MalformedMessageException when the body is not an attachment.delete envelope */
    DeleteCommand read(SQSMessage message) {
        CommandEnvelope envelope;
        try {
            envelope = json.readValue(message.getBody(), CommandEnvelope.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("body is not a command envelope");
        }
        if (envelope == null || envelope.commandId() == null || !ATTACHMENT_DELETE.equals(envelope.type()) || envelope.actor() == null
                || envelope.actor().sub() == null || envelope.correlationId() == null || envelope.payload() == null) {
            throw new MalformedMessageException("not an attachment.delete envelope with commandId, actor and correlationId");
        }
        Optional<UUID> productId = uuid(envelope.payload().path("productId").asText(null));
        Optional<UUID> attachmentId = uuid(envelope.payload().path("attachmentId").asText(null));
        if (productId.isEmpty() || attachmentId.isEmpty()) {
            throw new MalformedMessageException("payload lacks productId or attachmentId");
        }
        return new DeleteCommand(envelope, productId.get(), attachmentId.get());
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
