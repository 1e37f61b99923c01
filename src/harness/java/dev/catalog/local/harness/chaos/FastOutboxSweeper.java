package dev.catalog.local.harness.chaos;

import dev.catalog.config.CatalogSettings;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.Database;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.outbox.JdbcOutboxTransactions;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxRelay.RelayReport;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.SnsOutboxPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox sweeper's own relay and queries, with the outboxSweeper function's settings, run
 * every second with a few seconds of grace instead of every minute with thirty: the same
 * recovery path for what the worker's relay missed, compressed so that a chaos run drains in
 * seconds. The scheduled function keeps running beside it.
 */
final class FastOutboxSweeper implements AutoCloseable {
    static final String FUNCTION = "outboxSweeper";
    private static final int ROWS_PER_SWEEP = 500;

    private final Database database;
    private final OutboxTransactions transactions;
    private final OutboxRelay relay;
    private final Duration grace;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failedSweeps = new AtomicLong();

    FastOutboxSweeper(LocalRuntime runtime, Duration grace) {
        FunctionEnvironment environment = new FunctionEnvironment(
                CatalogSettings.from(runtime.functionEnvironments().get(FUNCTION)), runtime.clients(), Clock.systemUTC());
        this.database = new Database(environment.settings().requireDatabase(), environment.clients().settings());
        this.transactions = new JdbcOutboxTransactions(new JdbcTransactions(database), Json.mapper());
        this.relay = new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment));
        this.grace = grace;
    }

    /** One sweep; a failure (the database is down, say) is counted and left for the next one. */
    void sweep() {
        try {
            RelayReport report = transactions.inTransaction(outbox -> relay.relay(outbox.lockUnpublished(grace, ROWS_PER_SWEEP), outbox));
            published.addAndGet(report.published());
        } catch (RuntimeException e) {
            failedSweeps.incrementAndGet();
        }
    }

    /** Outbox rows the worker's relay had missed and a sweep published. */
    long published() {
        return published.get();
    }

    long failedSweeps() {
        return failedSweeps.get();
    }

    @Override
    public void close() {
        database.close();
    }
}
