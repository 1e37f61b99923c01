package dev.catalog.local.triggers;

import dev.catalog.local.sns.PublishFaults;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Failures the runtime injects on request, for tests and the chaos suite: what a crash of the
 * Lambda poller would do, without killing the JVM.
 */
public final class Faults {
    private final Map<String, AtomicInteger> lostDeletes = new ConcurrentHashMap<>();
    private final Map<String, Predicate<String>> poisonBodies = new ConcurrentHashMap<>();
    private final PublishFaults snsPublishes = new PublishFaults(Clock.systemUTC());

    /**
     * From now on {@code function} throws on every SQS batch holding a message whose body matches
     * {@code poison}, as a function with a bug would: the batch is retried until the poison reaches
     * its dead-letter queue. {@link #heal(String)} removes the fault.
     */
    public void failOn(String function, Predicate<String> poison) {
        poisonBodies.put(function, poison);
    }

    /** Removes the fault {@link #failOn} injected, as a fixed deployment would. */
    public void heal(String function) {
        poisonBodies.remove(function);
    }

    /** True while {@code function} is to throw on a batch with one of these bodies. */
    boolean throwsOn(String function, List<String> bodies) {
        Predicate<String> poison = poisonBodies.get(function);
        return poison != null && bodies.stream().anyMatch(poison);
    }

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

    /** How many of the lost deletes {@link #loseDeletes} asked for {@code function} have not happened yet. */
    public int pendingLostDeletes(String function) {
        AtomicInteger remaining = lostDeletes.get(function);
        return remaining == null ? 0 : remaining.get();
    }

    /** Failures, repeats and late deliveries of the runtime's own SNS endpoint (Publish and PublishBatch). */
    public PublishFaults snsPublishes() {
        return snsPublishes;
    }
}
