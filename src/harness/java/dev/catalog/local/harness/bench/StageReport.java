package dev.catalog.local.harness.bench;

import dev.catalog.local.runtime.functions.Invocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-stage figures of a run, from the invocations the runtime recorded: how often each function
 * ran, on how many records, and how long it was busy. A stage that was busy nearly all the run at
 * the parallelism it had, with its queue growing in front of it, is the one that limits the
 * throughput.
 */
final class StageReport {
    /**
     * One function over the run.
     *
     * @param busySeconds the sum of its invocations' durations
     * @param peakParallel the most invocations that overlapped in time
     * @param utilisation busy time over (run time x peak parallelism): 1.0 means it never idled
     * @param capacity commands per second the stage could take at its observed parallelism if it
     *     never idled (commands x peak parallelism / busy time)
     */
    record Stage(String function, String trigger, long invocations, long records, double busySeconds, int peakParallel,
                 double utilisation, double capacity) {
        double averageBatch() {
            return invocations == 0 ? 0 : (double) records / invocations;
        }
    }

    private StageReport() {
    }

    /**
     * @param invocations the run's invocations (others are ignored by the caller)
     * @param runSeconds the window the invocations ran in (from the first request to the drained pipeline)
     * @param commands commands the run completed
     */
    static List<Stage> stages(List<Invocation> invocations, double runSeconds, long commands) {
        Map<String, List<Invocation>> byFunction = new LinkedHashMap<>();
        invocations.forEach(invocation -> byFunction.computeIfAbsent(invocation.function(), name -> new ArrayList<>()).add(invocation));
        List<Stage> stages = new ArrayList<>();
        byFunction.forEach((function, runs) -> {
            long records = runs.stream().mapToLong(Invocation::batchSize).sum();
            double busy = runs.stream().mapToDouble(run -> run.duration().toNanos() / 1e9).sum();
            int parallel = peakParallel(runs);
            double utilisation = runSeconds <= 0 ? 0 : busy / (runSeconds * parallel);
            double capacity = busy <= 0 ? Double.POSITIVE_INFINITY : commands * parallel / busy;
            stages.add(new Stage(function, runs.get(0).trigger(), runs.size(), records, busy, parallel, utilisation, capacity));
        });
        stages.sort(Comparator.comparing(Stage::utilisation).reversed());
        return stages;
    }

    /** The most invocations running at the same instant (an end and a start at the same instant do not overlap). */
    static int peakParallel(List<Invocation> invocations) {
        List<long[]> edges = new ArrayList<>();
        for (Invocation invocation : invocations) {
            long start = nanos(invocation.startedAt());
            edges.add(new long[] {start, 1});
            edges.add(new long[] {start + Math.max(1, invocation.duration().toNanos()), -1});
        }
        edges.sort(Comparator.<long[]>comparingLong(edge -> edge[0]).thenComparingLong(edge -> edge[1]));
        int running = 0;
        int peak = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            peak = Math.max(peak, running);
        }
        return Math.max(peak, 1);
    }

    /**
     * The stage that limits throughput: of the stages that handled at least a tenth of the
     * commands' worth of records, the one with the highest utilisation.
     */
    static Optional<Stage> limiting(List<Stage> stages, long commands) {
        return stages.stream().filter(stage -> stage.records() * 10 >= commands)
                .max(Comparator.comparingDouble(Stage::utilisation));
    }

    /** Seconds a function spent waiting on AWS calls (as counted), over the run. */
    static double callSeconds(RequestCounts requests, String function) {
        return requests.rows().stream().filter(row -> function.equals(row.origin().function())).mapToDouble(RequestCounts.Row::callSeconds).sum();
    }

    /**
     * The calls a function spent most of its time waiting on, longest first, each as
     * "share of its busy time, service operation, average milliseconds per call".
     */
    static List<String> longestCalls(RequestCounts requests, Stage stage, int limit) {
        return requests.rows().stream().filter(row -> stage.function().equals(row.origin().function()))
                .sorted(Comparator.comparingDouble(RequestCounts.Row::callSeconds).reversed())
                .limit(limit)
                .map(row -> String.format("%.0f%% in %s %s (%.1f ms a call)", stage.busySeconds() <= 0 ? 0 : 100 * row.callSeconds()
                        / stage.busySeconds(), row.service(), row.operation(), row.requests() == 0 ? 0 : row.callSeconds() * 1000 / row.requests()))
                .toList();
    }

    /** A queue's depth series as a one-line chart of {@code width} columns (each the column's peak). */
    static String sparkline(List<QueueDepthSampler.Depth> depths, int width) {
        String levels = " ▁▂▃▄▅▆▇█";
        if (depths.isEmpty()) {
            return "";
        }
        long peak = depths.stream().mapToLong(QueueDepthSampler.Depth::total).max().orElse(0);
        StringBuilder line = new StringBuilder();
        int columns = Math.min(width, depths.size());
        for (int column = 0; column < columns; column++) {
            int from = column * depths.size() / columns;
            int to = Math.max(from + 1, (column + 1) * depths.size() / columns);
            long value = depths.subList(from, to).stream().mapToLong(QueueDepthSampler.Depth::total).max().orElse(0);
            int level = peak == 0 ? 0 : (int) Math.ceil(value * (levels.length() - 1) / (double) peak);
            line.append(levels.charAt(level));
        }
        return line.toString();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
