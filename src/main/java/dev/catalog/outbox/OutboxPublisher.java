package dev.catalog.outbox;

import java.util.List;
import java.util.Set;

/** Publishes outbox rows to their topic, several per request. */
public interface OutboxPublisher {

    /** The most rows one {@link #publishBatch} call takes (SNS PublishBatch allows ten). */
    int MAX_BATCH_SIZE = 10;

    /**
     * Publishes up to {@link #MAX_BATCH_SIZE} rows, all for {@code topic}, in the given order.
     *
     * @return the ids of the rows the topic accepted; the others may be retried
     * @throws OutboxPublishException when the request as a whole failed
     */
    Set<Long> publishBatch(OutboxTopic topic, List<PendingOutboxMessage> messages);
}
