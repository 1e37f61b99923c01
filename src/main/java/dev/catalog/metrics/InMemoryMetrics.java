package dev.catalog.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps every sample in memory, for tests and the local runtime (which reads {@link #shared()}).
 * Samples become visible when the handler flushes, as they would in CloudWatch.
 */
public final class InMemoryMetrics implements Metrics {
    private static final InMemoryMetrics SHARED = new InMemoryMetrics();

    /** One recorded sample. */
    public record Sample(Metric metric, String commandType, double value) {
    }

    private final List<Sample> pending = new ArrayList<>();
    private final List<Sample> flushed = new ArrayList<>();

    /** The instance every function of the process records into when {@code CATALOG_METRICS=memory}. */
    public static InMemoryMetrics shared() {
        return SHARED;
    }

    @Override
    public synchronized void record(Metric metric, String commandType, double value) {
        pending.add(new Sample(metric, commandType, value));
    }

    @Override
    public synchronized void flush() {
        flushed.addAll(pending);
        pending.clear();
    }

    /** Every flushed sample, oldest first. */
    public synchronized List<Sample> samples() {
        return List.copyOf(flushed);
    }

    /** The sum of the flushed samples of a metric for a command type (null: any type). */
    public synchronized double total(Metric metric, String commandType) {
        return flushed.stream()
                .filter(sample -> sample.metric() == metric && (commandType == null || Objects.equals(commandType, sample.commandType())))
                .mapToDouble(Sample::value).sum();
    }

    /** The flushed values of a metric, oldest first. */
    public synchronized List<Double> values(Metric metric) {
        List<Double> values = new ArrayList<>();
        flushed.stream().filter(sample -> sample.metric() == metric).forEach(sample -> values.add(sample.value()));
        return values;
    }
}
