package dev.catalog.metrics;

/** Records nothing. */
enum NoMetrics implements Metrics {
    INSTANCE;

    @Override
    public void record(Metric metric, String commandType, double value) {
    }

    @Override
    public void flush() {
    }
}
