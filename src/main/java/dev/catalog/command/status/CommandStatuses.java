package dev.catalog.command.status;

import dev.catalog.messaging.Reply;
import java.util.List;
import java.util.Optional;

/**
 * The status side of the commands table: where a command's outcome is recorded once its reply
 * arrives.
 */
public interface CommandStatuses {

    /**
     * Records each reply's outcome on its command, only if the command is still {@code ACCEPTED}:
     * a redelivered reply changes nothing, and a reply never creates a command. Several replies for
     * one command are applied in their order: the first completes it, the others find it
     * {@link CompletionOutcome#ALREADY_COMPLETED}.
     *
     * <p>Never throws for a store failure (throttling, network, service error): a reply the store
     * did not take comes back {@link CompletionOutcome#NOT_WRITTEN}, and only that reply needs a
     * retry; the others were recorded.
     *
     * @return one completion per reply, in the order of {@code replies}
     */
    List<Completion> completeAll(List<Reply> replies);

    /**
     * What {@link #completeAll(List)} did with one reply.
     *
     * @param storeError for {@link CompletionOutcome#NOT_WRITTEN} only: the store's error code or
     *     exception class, never a message (it could quote the request)
     */
    record Completion(CompletionOutcome outcome, Optional<String> storeError) {

        public static Completion of(CompletionOutcome outcome) {
            return new Completion(outcome, Optional.empty());
        }

        public static Completion notWritten(String storeError) {
            return new Completion(CompletionOutcome.NOT_WRITTEN, Optional.of(storeError));
        }
    }

    /** What {@link #completeAll(List)} found for one reply, with how the status writer logs it. */
    enum CompletionOutcome {
        /** The command moved from ACCEPTED to the reply's status. */
        COMPLETED("INFO", "command completed"),
        /** The command had already left ACCEPTED (a duplicate reply): nothing changed. */
        ALREADY_COMPLETED("INFO", "duplicate reply ignored: command already completed"),
        /** No such command, for instance because its item expired (TTL): nothing written. */
        UNKNOWN_COMMAND("WARN", "reply for an unknown or expired command ignored"),
        /** The store did not take the write (throttling, service error): nothing written, retry the reply. */
        NOT_WRITTEN("ERROR", "command status not written; will be retried");

        private final String logLevel;
        private final String description;

        CompletionOutcome(String logLevel, String description) {
            this.logLevel = logLevel;
            this.description = description;
        }

        String logLevel() {
            return logLevel;
        }

        String description() {
            return description;
        }
    }
}
