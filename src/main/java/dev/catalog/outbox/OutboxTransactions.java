package dev.catalog.outbox;

import java.util.function.Function;

/** Runs work against the {@link Outbox} in one transaction: committed on return, rolled back on a throw. */
public interface OutboxTransactions {

    <T> T inTransaction(Function<Outbox, T> work);
}
