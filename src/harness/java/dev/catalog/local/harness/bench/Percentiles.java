package dev.catalog.local.harness.bench;

import java.util.Arrays;

/**
 * The 50th, 95th and 99th percentiles and the maximum of a set of samples, by the nearest-rank
 * method: the p-th percentile is the smallest sample that at least p % of the samples do not exceed.
 * Samples keep whatever unit the caller recorded them in.
 */
public record Percentiles(int count, long p50, long p95, long p99, long max) {
    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    public static Percentiles of(long[] samples) {
        if (samples.length == 0) {
            return NONE;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted samples. */
    static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
