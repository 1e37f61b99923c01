package dev.catalog.metrics;

import dev.catalog.config.CatalogSettings;
import dev.catalog.config.FunctionEnvironment;

/**
 * Where a function records its metrics, in the namespace {@code Catalog/<stage>} with the
 * dimension {@code stage} and, when the metric is about a command, {@code commandType}.
 *
 * <p>Sinks may buffer: a handler calls {@link #flush()} once at the end of every invocation (in a
 * {@code finally}), so a sink that calls an API makes at most one call per invocation. Recording
 * never fails the caller: metrics are not worth a failed command.
 */
public interface Metrics {

    /** Records one sample of a metric about no particular command type. */
    default void record(Metric metric, double value) {
        record(metric, null, value);
    }

    /** Records one sample; {@code commandType} ({@code product.create}, ...) may be null. */
    void record(Metric metric, String commandType, double value);

    /** Sends (or writes) what this invocation recorded, and starts afresh. */
    void flush();

    /** Records nothing: for tests that are not about metrics. */
    static Metrics none() {
        return NoMetrics.INSTANCE;
    }

    /**
     * The sink the function's settings select ({@code CATALOG_METRICS}): {@code emf} (default) writes
     * embedded-metric-format lines to stdout, which Lambda ships to CloudWatch Logs and CloudWatch
     * turns into metrics without an API call; {@code cloudwatch} sends one {@code PutMetricData}
     * request per invocation; {@code memory} keeps them in {@link InMemoryMetrics#shared()} for the
     * local runtime.
     */
    static Metrics forFunction(FunctionEnvironment environment) {
        CatalogSettings settings = environment.settings();
        return switch (settings.metricsSink()) {
            case EMF -> new EmfMetrics(settings.stage(), System.out, environment.clock());
            case CLOUDWATCH -> new CloudWatchMetrics(settings.stage(),
                    java.net.URI.create("https://monitoring." + environment.clients().settings().region().id() + ".amazonaws.com"),
                    environment.clients().settings(), environment.clients().httpClient(), environment.clock());
            case MEMORY -> InMemoryMetrics.shared();
        };
    }

    /** The namespace every sink writes to. */
    static String namespace(String stage) {
        return "Catalog/" + stage;
    }
}
