package dev.catalog.product;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.product.ProductCommandApplier.AppliedCommand;
import dev.catalog.queue.BatchSummary;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.List;

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
            BatchSummary batch = new BatchSummary("product batch done");
            return batch.written(event, outbox.process(event, context, message -> ProductCommandMessage.read(Json.mapper(), message),
                    (message, committed) -> apply(message, committed, batch)), context);
        } finally {
            metrics.flush();
        }
    }

    /** Rolled back on a throw: SQS redelivers the message (and the rest of its group) after the visibility timeout. */
    private void apply(Received<ProductCommandMessage> message, List<PendingOutboxMessage> committed, BatchSummary batch) {
        ProductCommandMessage command = message.content();
        AppliedCommand applied = applier.apply(command.envelope(), command.command());
        committed.addAll(applied.outboxMessages());
        batch.count("outcomes", applied.outcome().name());
        applied.rejection().ifPresent(rejection -> batch.count("rejected", rejection.code().name()));
        if (applied.outcome() == ProductCommandApplier.Outcome.DUPLICATE) {
            metrics.record(Metric.DUPLICATE_DELIVERIES, command.envelope().type(), 1);
        }
    }
}
