package dev.catalog.outbox;

/** An outbox row not yet published; {@code id} orders rows by when they were written. */
public record PendingOutboxMessage(long id, OutboxMessage message) {
}
