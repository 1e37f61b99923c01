package dev.catalog.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.command.JdbcProcessedCommands;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.outbox.JdbcOutbox;
import java.util.function.Function;

/** {@link ProductTransactions} on the container's Aurora connection. */
final class JdbcProductTransactions implements ProductTransactions {
    private final JdbcTransactions transactions;
    private final ObjectMapper json;

    public JdbcProductTransactions(JdbcTransactions transactions, ObjectMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public <T> T inTransaction(Function<ProductTransaction, T> work) {
        return transactions.inTransaction(connection -> work.apply(new ProductTransaction(
                new JdbcProcessedCommands(connection), new JdbcProductStore(connection), new JdbcOutbox(connection, json))));
    }
}
