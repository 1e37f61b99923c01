package dev.catalog.local.triggers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures the runtime injects on request, for tests and the chaos suite: what a crash of the
 * Lambda poller would do, without killing the JVM.
 */
public final class Faults {
    private final Map<String, AtomicInteger> lostDeletes = new ConcurrentHashMap<>();

    /**
     * The next {@code batches} successful batches of {@code function} are not deleted from their
     * queue, as when a function's container dies after its work committed but before Lambda deleted
     * the messages: they are delivered again after the visibility timeout.
     */
    public void loseDeletes(String function, int batches) {
        lostDeletes.computeIfAbsent(function, ignored -> new AtomicInteger()).addAndGet(batches);
    }

    /** True (once per requested batch) when this batch's delete is to be lost. */
    boolean takeLostDelete(String function) {
        AtomicInteger remaining = lostDeletes.get(function);
        return remaining != null && remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
