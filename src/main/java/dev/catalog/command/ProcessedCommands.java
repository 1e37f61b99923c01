package dev.catalog.command;

import java.util.UUID;

/**
 * The commands a worker has applied, recorded in the same transaction as their effect so a
 * redelivered command is recognised and applied only once.
 */
public interface ProcessedCommands {

    /**
     * Records the command in the caller's transaction.
     *
     * @return false when it was already recorded: this delivery is a duplicate and must change nothing
     */
    boolean markProcessed(UUID commandId, String commandType);
}
