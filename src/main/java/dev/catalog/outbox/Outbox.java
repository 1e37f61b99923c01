package dev.catalog.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Messages waiting to be published, stored in the database next to the state they describe, so a
 * change and its notifications commit (or roll back) together. Every method runs in the caller's
 * transaction.
 */
public interface Outbox {

    /** Adds a message; it becomes visible to the relay and the sweeper when the transaction commits. */
    PendingOutboxMessage append(OutboxMessage message);

    /**
     * Locks up to {@code limit} unpublished rows written more than {@code olderThan} ago, oldest
     * first, skipping rows another transaction holds, so concurrent sweepers never publish the
     * same row at the same time.
     */
    List<PendingOutboxMessage> lockUnpublished(Duration olderThan, int limit);

    /** Records that these rows reached their topic. */
    void markPublished(Collection<Long> ids);
}
