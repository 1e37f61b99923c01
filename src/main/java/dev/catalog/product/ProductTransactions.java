package dev.catalog.product;

import dev.catalog.command.ProcessedCommands;
import dev.catalog.outbox.Outbox;
import java.util.function.Function;

/**
 * Runs a product command's work in one transaction: what it records in {@link ProcessedCommands},
 * changes in the {@link ProductStore} and appends to the {@link Outbox} commits together or not
 * at all.
 */
public interface ProductTransactions {

    /** Committed when {@code work} returns, rolled back when it throws. */
    <T> T inTransaction(Function<ProductTransaction, T> work);

    /** The stores of one transaction. */
    record ProductTransaction(ProcessedCommands processedCommands, ProductStore products, Outbox outbox) {
    }
}
