package dev.catalog.command.api;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The command store as a map, with the conditional-insert semantics of the DynamoDB adapter. */
final class InMemoryCommandStore implements CommandStore {
    final Map<UUID, CommandRecord> commands = new ConcurrentHashMap<>();
    int inserts;

    @Override
    public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
        inserts++;
        return Optional.ofNullable(commands.putIfAbsent(command.commandId(), command));
    }

    @Override
    public Optional<CommandRecord> find(UUID commandId) {
        return Optional.ofNullable(commands.get(commandId));
    }
}
