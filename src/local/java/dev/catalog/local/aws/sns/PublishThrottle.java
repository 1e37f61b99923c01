package dev.catalog.local.aws.sns;

import java.util.function.LongSupplier;

/**
 * A token bucket of messages per second, the shape of SNS's publish quotas: a second's worth of
 * messages may arrive at once, then they refill at the rate. A PublishBatch takes one token per
 * entry, all or none, because SNS throttles the whole request.
 */
public final class PublishThrottle {
    /** A batch of ten must fit even when the rate is lower than ten a second. */
    private static final double MINIMUM_BURST = 10;

    private final double messagesPerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    public PublishThrottle(double messagesPerSecond, LongSupplier nanoTime) {
        if (!(messagesPerSecond >= 0)) {
            throw new IllegalArgumentException("a publish rate cannot be negative: " + messagesPerSecond);
        }
        this.messagesPerSecond = messagesPerSecond;
        // Rate 0 publishes nothing: a topic throttled shut.
        this.burst = messagesPerSecond == 0 ? 0 : Math.max(MINIMUM_BURST, messagesPerSecond);
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes {@code messages} tokens when there are that many; otherwise takes none. */
    public synchronized boolean tryTake(int messages) {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * messagesPerSecond);
        refilledAt = now;
        if (tokens < messages) {
            return false;
        }
        tokens -= messages;
        return true;
    }

    public double messagesPerSecond() {
        return messagesPerSecond;
    }
}
