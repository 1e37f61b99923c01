package dev.catalog.journal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Journals every command published on the commands topic: one S3 object per SQS batch.
 *
 * <p>The journal queue is a standard queue with a batching window, so a batch holds hundreds of
 * commands and costs one PUT; the topic's sequence numbers put each object back in topic order.
 * A message that is not a command in a FIFO topic's SNS envelope is reported as a batch item
 * failure so it ends in the dead-letter queue; the rest of the batch is stored. If storing fails
 * the whole batch is retried.
 */
public final class JournalWriterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JournalStore store;

    public JournalWriterHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("journalWriter", this, SnapStartPriming.malformedSqsMessage());
    }

    public JournalWriterHandler(FunctionEnvironment environment) {
        this(new S3JournalStore(environment.clients().s3(), environment.settings().requireDocumentsBucket(), JSON));
    }

    public JournalWriterHandler(JournalStore store) {
        this.store = store;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        BatchItemFailures failures = new BatchItemFailures();
        List<JournalEntry> entries = new ArrayList<>();
        for (SQSMessage message : event.getRecords()) {
            if (failures.isBlocked(message)) {
                failures.fail(message);
                continue;
            }
            try {
                entries.add(JournalEntry.from(JSON, message));
            } catch (MalformedMessageException e) {
                StructuredLog.write(context, "WARN", "rejected journal message",
                        Map.of("messageId", message.getMessageId(), "reason", String.valueOf(e.getMessage())));
                failures.fail(message);
            }
        }
        if (!entries.isEmpty()) {
            store.write(new JournalBatch(entries));
            StructuredLog.write(context, "INFO", "journal batch stored", Map.of("entries", entries.size(), "rejected", failures.count()));
        }
        return failures.toResponse();
    }
}
