package dev.catalog.local.harness.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Seeded yes-or-no decisions at a given share. {@link #getAsBoolean()} draws the next decision of
 * a sequence; {@link #of(String)} decides for a key (a message body), so the same message gets the
 * same decision however the threads interleave.
 */
final class Chance implements BooleanSupplier {
    private final long seed;
    private final double share;
    private final Random sequence;

    Chance(long seed, double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("a share lies between 0 and 1, not " + share);
        }
        this.seed = seed;
        this.share = share;
        this.sequence = new Random(seed);
    }

    @Override
    public synchronized boolean getAsBoolean() {
        return sequence.nextDouble() < share;
    }

    boolean of(String key) {
        UUID digest = UUID.nameUUIDFromBytes((seed + "\n" + key).getBytes(StandardCharsets.UTF_8));
        // The low 53 bits as a fraction in [0, 1): the top bits of both halves hold the UUID's version and variant.
        double fraction = (digest.getLeastSignificantBits() & ((1L << 53) - 1)) / (double) (1L << 53);
        return fraction < share;
    }
}
