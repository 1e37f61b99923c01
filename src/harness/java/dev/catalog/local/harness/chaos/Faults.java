package dev.catalog.local.harness.chaos;

import dev.catalog.local.runtime.faults.FaultInjection;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The faults the chaos suite and the end-to-end tests inject, given to the runtime in its options
 * ({@code LocalOptions.withFaults}): a function that throws, a delete lost when a container dies,
 * SNS failures, repeats and late deliveries, a database outage.
 */
public final class Faults implements FaultInjection {
    private final Map<String, AtomicInteger> lostDeletes = new ConcurrentHashMap<>();
    private final Map<String, Predicate<String>> poisonBodies = new ConcurrentHashMap<>();
    private final PublishFaults snsPublishes = new PublishFaults(Clock.systemUTC());
    private volatile DatabaseSwitch database;

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

    @Override
    public boolean failsBatch(String function, List<String> bodies) {
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

    /** True once per batch {@link #loseDeletes} asked for. */
    @Override
    public boolean losesDelete(String function) {
        AtomicInteger remaining = lostDeletes.get(function);
        return remaining != null && remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** How many of the lost deletes {@link #loseDeletes} asked for {@code function} have not happened yet. */
    public int pendingLostDeletes(String function) {
        AtomicInteger remaining = lostDeletes.get(function);
        return remaining == null ? 0 : remaining.get();
    }

    /** Failures, repeats and late deliveries of the runtime's own SNS endpoint (Publish and PublishBatch). */
    @Override
    public PublishFaults snsPublishes() {
        return snsPublishes;
    }

    @Override
    public void databaseStarted(DatabaseSwitch database) {
        this.database = database;
    }

    /** Stops the Aurora stand-in as an outage would, until {@link #restartDatabase()}. */
    public void stopDatabase() throws IOException {
        runningDatabase().stop();
    }

    /** Brings the Aurora stand-in back on the same port, with the same data. */
    public void restartDatabase() throws IOException {
        runningDatabase().restart();
    }

    private DatabaseSwitch runningDatabase() {
        if (database == null) {
            throw new IllegalStateException("no database to stop: these faults were not given to a running runtime");
        }
        return database;
    }
}
