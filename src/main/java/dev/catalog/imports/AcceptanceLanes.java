package dev.catalog.imports;

import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.NewCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Accepts an import's commands ten at a time on {@link #LANES} parallel lanes, each lane accepting
 * its batches in order on its own thread. A product's commands always take the same lane, so they
 * are accepted in file order; at most {@link #IN_FLIGHT_BATCHES} batches wait at any time, which
 * bounds memory. Used for one file, then closed.
 */
final class AcceptanceLanes implements AutoCloseable {
    static final int LANES = 8;
    static final int IN_FLIGHT_BATCHES = 2 * LANES;
    /** One PublishBatch call's worth of commands. */
    private static final int BATCH = 10;

    private final CommandAcceptance acceptance;
    private final ImportReport report;
    private final List<List<NewCommand>> batches = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT_BATCHES);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    AcceptanceLanes(CommandAcceptance acceptance, ImportReport report) {
        this.acceptance = acceptance;
        this.report = report;
        for (int lane = 0; lane < LANES; lane++) {
            batches.add(new ArrayList<>(BATCH));
            executors.add(Executors.newSingleThreadExecutor());
        }
    }

    void add(NewCommand command) {
        int lane = Math.floorMod(command.productId().hashCode(), LANES);
        List<NewCommand> batch = batches.get(lane);
        batch.add(command);
        if (batch.size() == BATCH) {
            submit(lane, List.copyOf(batch));
            batch.clear();
        }
    }

    private void submit(int lane, List<NewCommand> batch) {
        rethrowFailure();
        inFlight.acquireUninterruptibly();
        executors.get(lane).execute(() -> {
            try {
                if (failure.get() == null) {
                    acceptance.acceptAll(batch);
                    report.accepted(batch.size());
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    /** A new exception each time: close() may rethrow while the body's rethrow is propagating. */
    private void rethrowFailure() {
        if (failure.get() != null) {
            throw new IllegalStateException("accepting import rows failed: " + failure.get().getClass().getName(), failure.get());
        }
    }

    /** Submits the partial batches, waits for every lane, and rethrows the first failure. */
    @Override
    public void close() {
        for (int lane = 0; lane < LANES; lane++) {
            if (!batches.get(lane).isEmpty()) {
                submit(lane, List.copyOf(batches.get(lane)));
                batches.get(lane).clear();
            }
        }
        executors.forEach(ExecutorService::shutdown);
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(15, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while accepting import rows", e);
            }
        }
        rethrowFailure();
    }
}
