package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The instrument behind the uploads benchmark's heap figures: memory held during the watched work
 * shows in both figures, including across a collection. Only lower bounds are asserted: other
 * threads of the test JVM may allocate too.
 */
class HeapWatchTest {
    private static final int HELD_BYTES = 32 * 1024 * 1024;

    @Test
    void memoryHeldThroughACollectionShowsAsPeakAndAsLiveAfterGc() throws InterruptedException {
        HeapWatch watch = HeapWatch.start();
        byte[] held = new byte[HELD_BYTES];
        held[held.length - 1] = 1;
        System.gc();
        HeapWatch.Growth growth = watch.stop();

        assertTrue(held[held.length - 1] == 1);
        assertTrue(growth.peakUsedBytes() >= HELD_BYTES, growth.describe());
        assertTrue(growth.collections() >= 1, growth.describe());
        assertTrue(growth.liveAfterGcBytes() >= HELD_BYTES, growth.describe());
        assertTrue(growth.retainedBytes() >= HELD_BYTES, growth.describe());
        assertTrue(growth.allocatedBytes() >= HELD_BYTES, growth.describe());
    }
}
