package dev.catalog.outbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.outbox.OutboxRelay.RelayReport;
import java.time.Duration;
import java.util.Map;

/**
 * Publishes outbox rows the worker's relay left behind (a crash between commit and publish, or a
 * failed publish): rows unpublished for longer than {@link #GRACE_PERIOD}, oldest first, at most
 * {@link #MAX_ROWS_PER_RUN} per run. The rows stay locked ({@code SKIP LOCKED}) until they are
 * marked, so overlapping runs never publish the same row twice.
 */
public final class OutboxSweeperHandler implements RequestHandler<ScheduledEvent, Void> {
    /** Long enough for the worker's own relay to have finished with a row. */
    static final Duration GRACE_PERIOD = Duration.ofSeconds(30);
    /** Fifty requests per topic at most: well inside the function's timeout. */
    static final int MAX_ROWS_PER_RUN = 500;

    private final OutboxTransactions transactions;
    private final OutboxRelay relay;
    private final Duration gracePeriod;

    public OutboxSweeperHandler() {
        this(new JdbcOutboxTransactions(JdbcTransactions.forLambda(), Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(FunctionEnvironment.fromLambda())), GRACE_PERIOD);
    }

    public OutboxSweeperHandler(OutboxTransactions transactions, OutboxRelay relay, Duration gracePeriod) {
        this.transactions = transactions;
        this.relay = relay;
        this.gracePeriod = gracePeriod;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static OutboxSweeperHandler from(FunctionEnvironment environment) {
        return new OutboxSweeperHandler(new JdbcOutboxTransactions(JdbcTransactions.forFunction(environment), Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment)), GRACE_PERIOD);
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        RelayReport report = transactions.inTransaction(outbox -> relay.relay(outbox.lockUnpublished(gracePeriod, MAX_ROWS_PER_RUN), outbox));
        if (report.published() > 0 || report.leftUnpublished() > 0) {
            StructuredLog.write(context, report.leftUnpublished() > 0 ? "WARN" : "INFO", "outbox sweep", Map.of(
                    "published", report.published(), "leftUnpublished", report.leftUnpublished(), "publishRequests", report.publishRequests()));
        }
        return null;
    }
}
