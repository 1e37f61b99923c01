package dev.catalog.intake;

import dev.catalog.config.FunctionEnvironment;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The status of every command the API accepted, keyed by command id.
 *
 * <p>Adapters translate their storage failures into {@link CommandStoreUnavailableException}.
 */
public interface CommandStore {

    /** The function's commands table. */
    static CommandStore forCommandsOf(FunctionEnvironment environment) {
        return DynamoDbCommandStore.from(environment);
    }

    /**
     * Stores {@code command} unless a command with its id is already stored (one conditional
     * write, so two concurrent retries cannot both win).
     *
     * @return empty when {@code command} was stored; otherwise the command stored earlier, untouched
     */
    Optional<CommandRecord> insertIfAbsent(CommandRecord command);

    /** The stored command, or empty when there is none (never accepted, or expired). */
    Optional<CommandRecord> find(UUID commandId);

    /**
     * Stores every one of {@code commands} (at most 25) if none of their ids is stored yet, all or
     * nothing: the common case of a batch of new commands in one write.
     *
     * @return true when all were stored; false when some id is stored already (or the write
     *     collided with another) and nothing was written
     */
    boolean insertAllIfNoneExist(List<CommandRecord> commands);
}
