package dev.catalog.intake;

import dev.catalog.messaging.CommandEnvelope;
import java.util.ArrayList;
import java.util.List;

/** Captures what was published, per call; can be told to fail its next calls. */
final class RecordingCommandPublisher implements CommandPublisher {
    final List<List<CommandEnvelope>> calls = new ArrayList<>();
    int failuresToCome;

    @Override
    public void publish(CommandEnvelope command) {
        send(List.of(command));
    }

    @Override
    public void publishAll(List<CommandEnvelope> commands) {
        send(List.copyOf(commands));
    }

    private void send(List<CommandEnvelope> commands) {
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new CommandPublishFailedException(commands.stream().map(CommandEnvelope::commandId).toList(),
                    "topic unavailable (test)", null);
        }
        calls.add(commands);
    }

    List<CommandEnvelope> published() {
        return calls.stream().flatMap(List::stream).toList();
    }
}
