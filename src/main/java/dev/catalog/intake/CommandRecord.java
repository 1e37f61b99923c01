package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One command as the commands table keeps it (the commands-table contract).
 *
 * @param productId   the aggregate the command changes (stored as {@code aggregateId}); for a
 *                    product.create it is the id the API chose, so a retry answers with the same one
 * @param actor       the subject of the caller who issued it
 * @param requestHash hex SHA-256 of caller, route and canonical request: tells a retry from a reuse
 *                    of the same idempotency key for another request
 * @param completedAt set with {@code result} or {@code error} once the reply arrived
 */
public record CommandRecord(
        UUID commandId,
        String type,
        CommandStatus status,
        UUID productId,
        String actor,
        String correlationId,
        String requestHash,
        Instant acceptedAt,
        Instant completedAt,
        CommandResult result,
        CommandError error) {

    /** How long the table keeps a command after it was accepted (DynamoDB TTL). */
    public static final Duration RETENTION = Duration.ofDays(7);

    public CommandRecord {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }

    /** A command the API has just accepted and not yet seen a reply for. */
    public static CommandRecord accepted(UUID commandId, String type, UUID productId, String actor, String correlationId,
            String requestHash, Instant acceptedAt) {
        return new CommandRecord(commandId, type, CommandStatus.ACCEPTED, productId, actor, correlationId, requestHash,
                acceptedAt, null, null, null);
    }

    /** When DynamoDB may delete the item: epoch seconds. */
    public long expiresAtEpochSecond() {
        return acceptedAt.plus(RETENTION).getEpochSecond();
    }

    /** What a SUCCEEDED command produced. */
    public record CommandResult(UUID productId, Long version) {
    }

    /** Why a command FAILED: a stable code and a message for people. */
    public record CommandError(String code, String message) {
    }
}
