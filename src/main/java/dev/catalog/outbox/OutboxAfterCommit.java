package dev.catalog.outbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.outbox.OutboxRelay.RelayReport;
import dev.catalog.queue.SqsBatchProcessor;
import dev.catalog.queue.SqsBatchProcessor.Reader;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes what committed transactions put in the outbox, right after they committed. Publishing
 * never fails the work that committed: whatever does not go out stays unpublished and is left for
 * the outbox sweeper.
 */
public final class OutboxAfterCommit {
    private final OutboxTransactions transactions;
    private final OutboxRelay relay;

    public OutboxAfterCommit(OutboxTransactions transactions, OutboxRelay relay) {
        this.transactions = transactions;
        this.relay = relay;
    }

    /** On the given database connection and the function's events and replies topics. */
    public static OutboxAfterCommit from(FunctionEnvironment environment, JdbcTransactions transactions) {
        return new OutboxAfterCommit(new JdbcOutboxTransactions(transactions, Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment)));
    }

    /** Applies one message in its own transaction; what that transaction committed to the outbox goes into {@code committed}. */
    @FunctionalInterface
    public interface TransactionalAction<M> {
        void apply(Received<M> message, List<PendingOutboxMessage> committed);
    }

    /**
     * The workers' pattern: each message of the batch applied in one transaction, in order, then
     * everything the batch committed published together (PublishBatch across the whole batch).
     */
    public <M> SQSBatchResponse process(SQSEvent event, Context context, Reader<M> reader, TransactionalAction<M> action) {
        List<PendingOutboxMessage> committed = new ArrayList<>();
        try {
            return SqsBatchProcessor.process(event, context, reader, message -> action.apply(message, committed));
        } finally {
            publish(committed, context);
        }
    }

    /** Publishes committed rows now and marks the published ones; never throws. */
    public void publish(List<PendingOutboxMessage> committed, Context context) {
        if (committed.isEmpty()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            RelayReport report = transactions.inTransaction(outbox -> relay.relay(committed, outbox));
            fields.put("published", report.published());
            fields.put("leftUnpublished", report.leftUnpublished());
            fields.put("publishRequests", report.publishRequests());
            fields.put("failures", report.failures());
            StructuredLog.write(context, report.leftUnpublished() == 0 ? "INFO" : "WARN", "outbox relayed", fields);
        } catch (RuntimeException e) {
            // Committed already: the sweeper publishes (or re-publishes) whatever is not marked.
            fields.put("error", e.getClass().getName());
            fields.put("rows", committed.size());
            StructuredLog.write(context, "WARN", "outbox relay failed; left for the sweeper", fields);
        }
    }
}
