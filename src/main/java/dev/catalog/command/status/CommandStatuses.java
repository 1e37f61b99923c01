package dev.catalog.command.status;

import dev.catalog.command.Reply;

/**
 * The status side of the commands table: where a command's outcome is recorded once its reply
 * arrives. Raises {@link CommandStatusesUnavailableException} when the store cannot answer.
 */
public interface CommandStatuses {

    /**
     * Records the reply's outcome on its command, only if the command is still {@code ACCEPTED}:
     * a redelivered reply changes nothing, and a reply never creates a command.
     */
    Completion complete(Reply reply);

    /**
     * What {@link #complete(Reply)} found and, when it completed the command, when the command was
     * accepted (for the accepted → completed latency); empty if the record has no acceptance time.
     */
    record Completion(CompletionOutcome outcome, java.util.Optional<java.time.Instant> acceptedAt) {

        public static Completion of(CompletionOutcome outcome) {
            return new Completion(outcome, java.util.Optional.empty());
        }
    }

    /** What {@link #complete(Reply)} found. */
    enum CompletionOutcome {
        /** The command moved from ACCEPTED to the reply's status. */
        COMPLETED,
        /** The command had already left ACCEPTED (a duplicate reply): nothing changed. */
        ALREADY_COMPLETED,
        /** No such command, for instance because its item expired (TTL): nothing written. */
        UNKNOWN_COMMAND
    }
}
