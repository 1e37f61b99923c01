package dev.catalog.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.db.JdbcTransactions;
import java.util.function.Function;

/** {@link OutboxTransactions} on the container's Aurora connection. */
public final class JdbcOutboxTransactions implements OutboxTransactions {
    private final JdbcTransactions transactions;
    private final ObjectMapper json;

    public JdbcOutboxTransactions(JdbcTransactions transactions, ObjectMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public <T> T inTransaction(Function<Outbox, T> work) {
        return transactions.inTransaction(connection -> work.apply(new JdbcOutbox(connection, json)));
    }
}
