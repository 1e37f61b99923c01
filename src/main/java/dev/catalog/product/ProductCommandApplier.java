package dev.catalog.product;

import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.product.ProductTransactions.ProductTransaction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Applies one product command exactly once: in one transaction it records the command as
 * processed, changes the product and appends the event and the reply to the outbox. A rejected
 * command commits its FAILED reply the same way; a redelivered one commits nothing.
 */
public final class ProductCommandApplier {
    private final ProductTransactions transactions;
    private final ProductMessages messages;
    private final Clock clock;

    public ProductCommandApplier(ProductTransactions transactions, ProductMessages messages, Clock clock) {
        this.transactions = transactions;
        this.messages = messages;
        this.clock = clock;
    }

    /** On the given database connection and the function's clock. */
    public static ProductCommandApplier from(FunctionEnvironment environment, JdbcTransactions transactions) {
        return new ProductCommandApplier(new JdbcProductTransactions(transactions, Json.mapper()),
                new ProductMessages(Json.mapper()), environment.clock());
    }

    /** What applying a command came to. */
    public enum Outcome { SUCCEEDED, FAILED, DUPLICATE }

    /**
     * @param outboxMessages what the transaction appended to the outbox, to publish now that it committed
     * @param rejection      why the command failed, when it did
     */
    public record AppliedCommand(Outcome outcome, List<PendingOutboxMessage> outboxMessages, Optional<ProductCommandRejected> rejection) {
    }

    /**
     * @throws dev.catalog.db.DatabaseUnavailableException when the transaction could not commit; nothing was applied
     */
    public AppliedCommand apply(CommandEnvelope envelope, ProductCommand command) {
        return transactions.inTransaction(transaction -> {
            if (!transaction.processedCommands().markProcessed(envelope.commandId(), envelope.type())) {
                return new AppliedCommand(Outcome.DUPLICATE, List.of(), Optional.empty());
            }
            // Millisecond precision: what JSON carries, and PostgreSQL stores it exactly.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            try {
                ProductChange change = change(transaction, command, now);
                return new AppliedCommand(Outcome.SUCCEEDED, List.of(
                        transaction.outbox().append(messages.event(envelope, change)),
                        transaction.outbox().append(messages.succeeded(envelope, change.product(), now))), Optional.empty());
            } catch (ProductCommandRejected rejected) {
                return new AppliedCommand(Outcome.FAILED,
                        List.of(transaction.outbox().append(messages.failed(envelope, rejected, now))), Optional.of(rejected));
            }
        });
    }

    private static ProductChange change(ProductTransaction transaction, ProductCommand command, Instant now) {
        Optional<Product> current = transaction.products().findForUpdate(command.productId());
        ProductChange change = ProductCommands.decide(command, current, now);
        if (current.isEmpty()) {
            transaction.products().insert(change.product());
        } else {
            transaction.products().update(change.product());
        }
        return change;
    }
}
