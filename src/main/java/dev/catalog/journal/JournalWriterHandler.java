package dev.catalog.journal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.queue.SqsBatchProcessor;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.List;
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
        this(S3JournalStore.from(FunctionEnvironment.fromLambda(), JSON));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("journalWriter", this, SnapStartPriming.malformedSqsMessage());
    }

    public JournalWriterHandler(JournalStore store) {
        this.store = store;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static JournalWriterHandler from(FunctionEnvironment environment) {
        return new JournalWriterHandler(S3JournalStore.from(environment, JSON));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatchProcessor.process(event, context, message -> JournalEntry.from(JSON, message), entries -> {
            store.write(new JournalBatch(entries.stream().map(Received::content).toList()));
            StructuredLog.write(context, "INFO", "journal batch stored",
                    Map.of("entries", entries.size(), "rejected", event.getRecords().size() - entries.size()));
            return List.of();
        }, entry -> { });
    }
}
