package dev.catalog.intake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The command store as a map, with the conditional-insert semantics of the DynamoDB adapter. */
public final class InMemoryCommandStore implements CommandStore {
    final Map<UUID, CommandRecord> commands = new ConcurrentHashMap<>();
    int inserts;
    int finds;

    @Override
    public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
        inserts++;
        return Optional.ofNullable(commands.putIfAbsent(command.commandId(), command));
    }

    @Override
    public synchronized boolean insertAllIfNoneExist(List<CommandRecord> batch) {
        if (batch.stream().anyMatch(command -> commands.containsKey(command.commandId()))) {
            return false;
        }
        inserts += batch.size();
        batch.forEach(command -> commands.put(command.commandId(), command));
        return true;
    }

    @Override
    public Optional<CommandRecord> find(UUID commandId) {
        finds++;
        return Optional.ofNullable(commands.get(commandId));
    }
}
