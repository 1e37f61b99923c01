package dev.catalog.metrics;

import java.util.List;
import java.util.Map;

/**
 * A sink that gathers what one invocation records and writes it in one go at {@link #flush()}:
 * counts summed, other units sample by sample ({@link MetricSamples}).
 */
abstract class AggregatingMetrics implements Metrics {
    private final MetricSamples samples = new MetricSamples();

    @Override
    public final synchronized void record(Metric metric, String commandType, double value) {
        samples.add(metric, commandType, value);
    }

    @Override
    public final synchronized void flush() {
        if (!samples.isEmpty()) {
            write(samples.drain());
        }
    }

    /**
     * Writes one invocation's samples; never throws for the sink's own trouble (metrics are not worth a failed command).
     *
     * @param byCommandType command type ({@link MetricSamples#NO_COMMAND_TYPE} for none) → metric → values
     */
    abstract void write(Map<String, Map<Metric, List<Double>>> byCommandType);
}
