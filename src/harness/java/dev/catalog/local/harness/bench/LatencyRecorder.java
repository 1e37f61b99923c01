package dev.catalog.local.harness.bench;

import java.util.Arrays;

/** Collects latency samples from many threads without boxing; read once the run is over. */
final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int size;

    synchronized void record(long sample) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = sample;
    }

    synchronized int count() {
        return size;
    }

    synchronized long[] samples() {
        return Arrays.copyOf(samples, size);
    }

    Percentiles percentiles() {
        return Percentiles.of(samples());
    }
}
