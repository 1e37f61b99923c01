package dev.catalog.product;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.product.ProductCommandApplier.AppliedCommand;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies the product commands of an SQS batch in order, one transaction each, then publishes what
 * the committed transactions put in the outbox, batched across the whole SQS batch.
 *
 * <p>A malformed message and a message whose transaction failed (database trouble) are batch item
 * failures, with every later message of their FIFO group. A rejected command (unknown product,
 * version conflict, ...) is a committed FAILED reply, so its message succeeds.
 */
public final class ProductWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ProductCommandApplier applier;
    private final OutboxAfterCommit outbox;
    private final Metrics metrics;

    public ProductWorkerHandler() {
        this(ProductCommandApplier.from(FunctionEnvironment.fromLambda(), JdbcTransactions.forLambda()),
                OutboxAfterCommit.from(FunctionEnvironment.fromLambda(), JdbcTransactions.forLambda()),
                Metrics.forFunction(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("productWorker", this, SnapStartPriming.malformedSqsMessage());
    }

    public ProductWorkerHandler(ProductCommandApplier applier, OutboxAfterCommit outbox, Metrics metrics) {
        this.applier = applier;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static ProductWorkerHandler from(FunctionEnvironment environment) {
        JdbcTransactions transactions = JdbcTransactions.forFunction(environment);
        return new ProductWorkerHandler(ProductCommandApplier.from(environment, transactions), OutboxAfterCommit.from(environment, transactions),
                Metrics.forFunction(environment));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            // Success is one line per batch, outcomes counted; a failure gets a line of its own from the batch processor.
            Map<String, Object> batch = new TreeMap<>();
            SQSBatchResponse response = outbox.process(event, context, message -> ProductCommandMessage.read(Json.mapper(), message),
                    (message, committed) -> apply(message, committed, batch));
            if (event != null && event.getRecords() != null && !event.getRecords().isEmpty()) {
                batch.put("received", event.getRecords().size());
                batch.put("failed", response.getBatchItemFailures().size());
                StructuredLog.write(context, "INFO", "product batch done", batch);
            }
            return response;
        } finally {
            metrics.flush();
        }
    }

    /** Rolled back on a throw: SQS redelivers the message (and the rest of its group) after the visibility timeout. */
    private void apply(Received<ProductCommandMessage> message, List<PendingOutboxMessage> committed, Map<String, Object> batch) {
        ProductCommandMessage command = message.content();
        AppliedCommand applied = applier.apply(command.envelope(), command.command());
        committed.addAll(applied.outboxMessages());
        count(batch, "outcomes", applied.outcome().name());
        applied.rejection().ifPresent(rejection -> count(batch, "rejected", rejection.code().name()));
        if (applied.outcome() == ProductCommandApplier.Outcome.DUPLICATE) {
            metrics.record(Metric.DUPLICATE_DELIVERIES, command.envelope().type(), 1);
        }
    }

    @SuppressWarnings("unchecked")
    private static void count(Map<String, Object> batch, String group, String name) {
        ((Map<String, Integer>) batch.computeIfAbsent(group, key -> new TreeMap<String, Integer>())).merge(name, 1, Integer::sum);
    }
}
