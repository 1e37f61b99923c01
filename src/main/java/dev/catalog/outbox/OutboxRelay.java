package dev.catalog.outbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes outbox rows and marks the ones that reached their topic: the one publishing path of
 * the worker (right after its commits) and of the sweeper (for what the worker left behind).
 *
 * <p>Rows go out oldest first, ten per request and topic. When a request fails, or a topic
 * rejects an entry, the later requests for that topic are not sent: their rows are left for the
 * sweeper, which publishes oldest first, so a later event of a product does not overtake an
 * earlier one on the FIFO topic. Publishing failures never escape; the rows simply stay unpublished.
 */
public final class OutboxRelay {
    private final OutboxPublisher publisher;

    public OutboxRelay(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    /** How one relay run went; {@code publishRequests} counts the publish calls made. */
    public record RelayReport(int published, int leftUnpublished, int publishRequests, List<String> failures) {
        public static final RelayReport NOTHING = new RelayReport(0, 0, 0, List.of());
    }

    /** Publishes {@code rows} and marks the published ones in {@code outbox} (in the caller's transaction). */
    public RelayReport relay(List<PendingOutboxMessage> rows, Outbox outbox) {
        if (rows.isEmpty()) {
            return RelayReport.NOTHING;
        }
        Map<OutboxTopic, List<PendingOutboxMessage>> byTopic = new EnumMap<>(OutboxTopic.class);
        rows.stream().sorted(Comparator.comparingLong(PendingOutboxMessage::id))
                .forEach(row -> byTopic.computeIfAbsent(row.message().topic(), topic -> new ArrayList<>()).add(row));
        List<Long> published = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<OutboxTopic, List<PendingOutboxMessage>> topicRows : byTopic.entrySet()) {
            List<PendingOutboxMessage> pending = topicRows.getValue();
            for (int start = 0; start < pending.size(); start += OutboxPublisher.MAX_BATCH_SIZE) {
                List<PendingOutboxMessage> chunk = pending.subList(start, Math.min(start + OutboxPublisher.MAX_BATCH_SIZE, pending.size()));
                requests++;
                Set<Long> accepted;
                try {
                    accepted = publisher.publishBatch(topicRows.getKey(), chunk);
                } catch (OutboxPublishException e) {
                    failures.add(e.getMessage() + ": " + e.getCause());
                    break;
                }
                chunk.stream().map(PendingOutboxMessage::id).filter(accepted::contains).forEach(published::add);
                if (accepted.size() < chunk.size()) {
                    failures.add("the " + topicRows.getKey().column() + " topic rejected " + (chunk.size() - accepted.size()) + " entries");
                    break;
                }
            }
        }
        outbox.markPublished(published);
        return new RelayReport(published.size(), rows.size() - published.size(), requests, List.copyOf(failures));
    }
}
