package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.attachment.AttachmentStore.DeleteResult;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.queue.SqsBatchProcessor.Received;
import dev.catalog.queue.SqsBatchProcessor.RetryLater;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final AttachmentObjects objects;
    private final AttachmentStore store;
    private final AttachmentMessages messages = new AttachmentMessages(Json.mapper());
    private final OutboxAfterCommit outbox;
    private final Clock clock;

    public AttachmentWorkerHandler() {
        this(AttachmentObjects.forDocuments(FunctionEnvironment.fromLambda()), new JdbcAttachmentStore(JdbcTransactions.forLambda(), Json.mapper()),
                OutboxAfterCommit.from(FunctionEnvironment.fromLambda(), JdbcTransactions.forLambda()), FunctionEnvironment.fromLambda().clock());
        SnapStartPriming.registerHandler("attachmentWorker", this, SnapStartPriming.malformedSqsMessage());
    }

    public AttachmentWorkerHandler(AttachmentObjects objects, AttachmentStore store, OutboxAfterCommit outbox, Clock clock) {
        this.objects = objects;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static AttachmentWorkerHandler from(FunctionEnvironment environment) {
        JdbcTransactions transactions = JdbcTransactions.forFunction(environment);
        return new AttachmentWorkerHandler(AttachmentObjects.forDocuments(environment), new JdbcAttachmentStore(transactions, Json.mapper()),
                OutboxAfterCommit.from(environment, transactions), environment.clock());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return outbox.process(event, context, AttachmentDeleteCommand::read, (message, committed) -> apply(message, committed, context));
    }

    private void apply(Received<AttachmentDeleteCommand> message, List<PendingOutboxMessage> committed, Context context) {
        AttachmentDeleteCommand command = message.content();
        DeleteResult result = store.applyDelete(command.envelope().commandId(), command.envelope().type(), command.productId(),
                command.attachmentId(), clock.instant(), deleted -> messages.deleted(command.envelope(), deleted),
                messages.deleteFailed(command.envelope(), clock.instant()));
        committed.addAll(result.committed());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.messageId());
        fields.put("commandId", command.envelope().commandId());
        fields.put("correlationId", command.envelope().correlationId());
        fields.put("attachmentId", command.attachmentId());
        fields.put("outcome", result.outcome().name());
        StructuredLog.write(context, "INFO", "attachment command applied", fields);
        if (result.attachmentDeleted()) {
            try {
                objects.delete(AttachmentKeys.stored(command.productId(), command.attachmentId()));
            } catch (RuntimeException e) {
                // The message is retried: its redelivery, a duplicate command, removes the object.
                throw new RetryLater("attachment recorded deleted but its object is not removed yet; will be retried", e);
            }
        }
    }
}
