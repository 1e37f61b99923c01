package dev.catalog.local.harness.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the stores held when the run settled: the command statuses, Aurora, the product views and
 * the dead-letter queues. The audit ({@link ChaosVerdict}) judges the commands issued against it.
 *
 * @param statuses           every item of the commands table, by command id
 * @param products           every row of Aurora's {@code products}
 * @param processedCommands  Aurora's {@code processed_commands}
 * @param repliesPerCommand  reply rows the workers' transactions put in the outbox, per command
 * @param eventsPerCommand   event rows the workers' transactions put in the outbox, per causing command
 * @param unpublishedOutboxRows outbox rows neither the relay nor the sweeper published
 * @param views              every product view, by product id
 * @param deadLetters        messages in each dead-letter queue, by queue name
 * @param unexpectedDeadLetters the dead letters that are not the chaos run's poison, each described by its ids
 * @param statusCompletions  ACCEPTED → SUCCEEDED/FAILED transitions the status writer reported during the run
 * @param repliesDelivered   the replies a client subscription to the replies topic received, per command, in arrival order
 */
public record PipelineSnapshot(Map<UUID, CommandState> statuses, Map<UUID, AuroraProduct> products, Set<UUID> processedCommands,
                               Map<UUID, Integer> repliesPerCommand, Map<UUID, Integer> eventsPerCommand, long unpublishedOutboxRows,
                               Map<UUID, ProductView> views, Map<String, Integer> deadLetters, List<String> unexpectedDeadLetters,
                               long statusCompletions, Map<UUID, List<DeliveredReply>> repliesDelivered) {

    /**
     * A commands-table item.
     *
     * @param errorCode       the FAILED reply's code; null otherwise
     * @param resultProductId the SUCCEEDED reply's product; null otherwise
     * @param resultVersion   the version the SUCCEEDED reply says the command produced; null otherwise
     */
    public record CommandState(String status, String errorCode, UUID resultProductId, Long resultVersion) {
        public boolean completed() {
            return "SUCCEEDED".equals(status) || "FAILED".equals(status);
        }
    }

    /**
     * A reply as a client receives it.
     *
     * @param outcome {@code SUCCEEDED v<version>} or {@code FAILED <code>}: what two deliveries of one reply share
     */
    public record DeliveredReply(String outcome) {
        public static DeliveredReply of(CommandState state) {
            return new DeliveredReply("SUCCEEDED".equals(state.status()) ? "SUCCEEDED v" + state.resultVersion()
                    : state.status() + " " + state.errorCode());
        }
    }

    /** A row of Aurora's {@code products}: the source of truth. */
    public record AuroraProduct(UUID id, String name, String description, long version, boolean deleted) {
    }

    /** An item of the product views table, as the projector left it. */
    public record ProductView(UUID id, String name, String description, long version, boolean deleted) {
    }
}
