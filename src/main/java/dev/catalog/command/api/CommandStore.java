package dev.catalog.command.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The status of every command the API accepted, keyed by command id.
 *
 * <p>Adapters translate their storage failures into {@link CommandStoreUnavailableException}.
 */
public interface CommandStore {

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
     * {@link #insertIfAbsent} for several commands (at most 25), answered in the same order.
     * Adapters may write them together; this default writes them one by one.
     */
    default List<Optional<CommandRecord>> insertAllIfAbsent(List<CommandRecord> commands) {
        List<Optional<CommandRecord>> answers = new java.util.ArrayList<>(commands.size());
        commands.forEach(command -> answers.add(insertIfAbsent(command)));
        return answers;
    }
}
