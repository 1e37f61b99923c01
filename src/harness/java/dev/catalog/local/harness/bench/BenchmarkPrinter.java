package dev.catalog.local.harness.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Prints a {@link PipelineBenchmark.Report}: the goals first, then the stages, the requests and the cost. */
final class BenchmarkPrinter {
    private BenchmarkPrinter() {
    }

    static void print(PipelineBenchmark.Report report, PrintStream out) {
        CommandPlan plan = report.plan();
        LoadGenerator.Result load = report.load();
        long commands = load.accepted().size();
        out.println();
        out.printf("pipeline benchmark: %,d commands over %,d products (%,d creates, %,d updates, %,d deletes), %d clients%n",
                plan.commands(), plan.products(), plan.count(CommandPlan.Kind.CREATE), plan.count(CommandPlan.Kind.UPDATE),
                plan.count(CommandPlan.Kind.DELETE), report.settings().clients());
        out.printf("  requests: %,d single-route, %,d bulk (%,d commands, %.1f%%); retries %,d; not accepted %,d%n",
                load.singleRequests(), load.bulkRequests(), load.bulkCommands(), commands == 0 ? 0 : 100.0 * load.bulkCommands() / commands,
                load.retries(), load.notAccepted().size());
        load.notAccepted().stream().limit(5).forEach(reason -> out.println("    not accepted: " + reason));
        out.printf("  statuses: SUCCEEDED %,d  FAILED %,d%s  missing %,d%s%n", report.succeeded(), report.failed(),
                report.failureCodes().isEmpty() ? "" : " " + report.failureCodes(), report.missing(),
                report.drained() ? "" : "  (the pipeline did not drain)");
        out.printf("  views == Aurora: %d/%d%n", report.views().equal(), report.views().products());
        if (load.lastAccepted() != null) {
            out.printf("  drained (every status written, every queue empty; checked every 0.5 s) %.1f s after the last accept%n",
                    java.time.Duration.between(load.lastAccepted(), report.drainedAt()).toMillis() / 1000.0);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("  machine: %d cores, load average %.1f before the run and %.1f after (other processes share the cores);"
                        + " this JVM used %.0f CPU-s in the %.0f s from first request to drained, %.0f%% of the cores"
                        + " (PostgreSQL runs in its own processes)%n",
                cores, report.loadAverages()[0], report.loadAverages()[1], report.jvmCpuSeconds(), report.wallSeconds(),
                report.wallSeconds() <= 0 ? 0 : 100 * report.jvmCpuSeconds() / (report.wallSeconds() * cores));
        report.views().differences().stream().limit(5).forEach(difference -> out.println("    differs: " + difference));
        out.println();

        out.printf("  %-52s %,8.0f commands/s over %.1f s %18s %s%n", "throughput flat out, first accept -> last SUCCEEDED",
                report.throughput(), report.runSeconds(), "goal >= 500/s",
                verdict(report.throughput() >= PipelineBenchmark.GOAL_COMMANDS_PER_SECOND));
        report.paced().ifPresentOrElse(paced -> {
            boolean atGoalRate = paced.offeredRate() >= PipelineBenchmark.GOAL_COMMANDS_PER_SECOND;
            String rateNote = atGoalRate ? "" : String.format(" (at %,.0f/s: the goal's 500/s is beyond this pipeline here)",
                    paced.offeredRate());
            out.printf("  paced: %,d commands offered at %,.0f/s (achieved %,.0f/s), %,d accepted, %,d completed%s%n", paced.commands(),
                    paced.offeredRate(), paced.achievedRate(), paced.accepted(), paced.completed(),
                    paced.drained() ? "" : " (did not drain)");
            printLatencies("paced", paced.acceptNanos(), paced.endToEndMillis(), out, Optional.of(rateNote));
            out.printf("  %-52s %s;  %s%n", "paced: accept latency by route, a sample per request",
                    routeLatency("single", paced.singleRequestNanos()), routeLatency("bulk", paced.bulkRequestNanos()));
            out.println("  paced: the API functions' AWS calls, ms a call: " + apiCallTimes(report, paced.requests()));
        }, () -> out.println("  paced phase skipped (--paced-seconds 0): the latencies below are the saturated run's"));
        printLatencies("flat out", report.acceptNanos(), report.endToEndMillis(), out, Optional.empty());
        out.println();

        printStages(report, out);
        printQueues(report.queueDepths(), out);
        printRequests(report.requests(), commands, out);
        printLambda(report.usage(), out);
        out.println();
        CostReport.lines(report.cost(), report.paced().map(PipelineBenchmark.PacedRun::cost), report.naiveCost(), report.prices())
                .forEach(out::println);
        CostReport.beside(report.cost(), report.cpuSecondsByComponent().getOrDefault(CpuByComponent.POSTGRES, 0.0)
                / Math.max(1, report.usage().commands()), report.prices()).forEach(out::println);
        RunCounts.LogVolume logs = report.usage().logs();
        out.printf("  logs: %,d EMF lines (%,d bytes, estimated upper bound), %,d bytes of function log lines, %d bytes of START/END/REPORT"
                + " per invocation%n", logs.emfLines(), logs.emfBytes(), logs.functionLogBytes(), logs.platformBytesPerInvocation());
        report.prices().assumptions().forEach(assumption -> out.println("  assumption: " + assumption));
        report.requests().estimates().forEach(estimate -> out.println("  assumption: " + estimate));
    }

    /**
     * Accept and end-to-end percentiles; with a goal note, against the goals (the paced phase),
     * otherwise for information (flat out, latency is mostly time spent queued).
     */
    private static void printLatencies(String phase, Percentiles accept, Percentiles endToEnd, PrintStream out,
                                       Optional<String> goalNote) {
        String acceptVerdict = goalNote.map(note -> "goal p99 < 50 ms  " + verdict(accept.count() > 0
                && accept.p99() < PipelineBenchmark.GOAL_ACCEPT_P99_MILLIS * 1_000_000) + note).orElse("(queued behind the load)");
        String endToEndVerdict = goalNote.map(note -> "goal p99 < 2 s    " + verdict(endToEnd.count() > 0
                && endToEnd.p99() < PipelineBenchmark.GOAL_E2E_P99_MILLIS) + note).orElse("(queued behind the load)");
        out.printf("  %-52s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms   %s%n", phase + ": accept latency (client round trip)",
                accept.p50() / 1e6, accept.p95() / 1e6, accept.p99() / 1e6, acceptVerdict);
        out.printf("  %-52s p50 %,6d ms  p95 %,6d ms  p99 %,6d ms   %s%n", phase + ": end to end (acceptedAt -> completedAt)",
                endToEnd.p50(), endToEnd.p95(), endToEnd.p99(), endToEndVerdict);
    }

    private static String routeLatency(String route, Percentiles nanos) {
        return String.format("%s (%,d) p50 %.1f ms p95 %.1f ms p99 %.1f ms", route, nanos.count(), nanos.p50() / 1e6,
                nanos.p95() / 1e6, nanos.p99() / 1e6);
    }

    /** The mean time of each AWS call the HTTP-triggered functions made: what an accept waits for. */
    private static String apiCallTimes(PipelineBenchmark.Report report, RequestCounts requests) {
        Map<String, double[]> byCall = new java.util.TreeMap<>();
        Set<String> apiFunctions = report.stages().stream().filter(stage -> stage.trigger().equals("httpApi"))
                .map(StageReport.Stage::function).collect(java.util.stream.Collectors.toSet());
        for (RequestCounts.Row row : requests.billed()) {
            if (row.origin().kind() == RequestOrigin.Kind.FUNCTION && apiFunctions.contains(row.origin().function())) {
                double[] sums = byCall.computeIfAbsent(row.service() + " " + row.operation(), call -> new double[2]);
                sums[0] += row.callSeconds();
                sums[1] += row.requests();
            }
        }
        List<String> parts = new java.util.ArrayList<>();
        byCall.forEach((call, sums) -> parts.add(String.format("%s %.1f", call, sums[1] == 0 ? 0 : sums[0] * 1000 / sums[1])));
        return String.join(", ", parts);
    }

    private static void printStages(PipelineBenchmark.Report report, PrintStream out) {
        out.printf("stages (window %.1f s from the first request to the drained pipeline; busy = sum of invocation durations;"
                + " util. = busy / (window x peak parallel); capacity = commands x peak parallel / busy;"
                + " AWS calls = share of busy time waiting on SDK calls):%n", report.wallSeconds());
        out.printf("  %-22s %-8s %11s %9s %9s %8s %8s %6s %6s %14s %9s%n", "function", "trigger", "invocations", "records", "avg batch",
                "avg ms", "busy s", "peak", "util.", "capacity cmd/s", "AWS calls");
        for (StageReport.Stage stage : report.stages()) {
            double calls = StageReport.callSeconds(report.requests(), stage.function());
            out.printf("  %-22s %-8s %,11d %,9d %9.1f %8.1f %8.1f %6d %5.0f%% %,14.0f %8.0f%%%n", stage.function(), stage.trigger(),
                    stage.invocations(), stage.records(), stage.averageBatch(), stage.busySeconds() * 1000 / stage.invocations(),
                    stage.busySeconds(), stage.peakParallel(), stage.utilisation() * 100, stage.capacity(),
                    stage.busySeconds() <= 0 ? 0 : 100 * calls / stage.busySeconds());
        }
        long completed = report.endToEndMillis().count();
        Optional<StageReport.Stage> limiting = StageReport.limiting(report.stages(), completed);
        limiting.ifPresent(stage -> {
            out.printf("  limiting stage: %s, busy %.1f s in the %.1f s window (%.0f%% at %d concurrent invocation%s); it handles %,.0f commands"
                            + " per second at that parallelism, %.2fx the %,.0f/s goal",
                    stage.function(), stage.busySeconds(), report.wallSeconds(), stage.utilisation() * 100, stage.peakParallel(),
                    stage.peakParallel() == 1 ? "" : "s", stage.capacity(), stage.capacity() / PipelineBenchmark.GOAL_COMMANDS_PER_SECOND,
                    PipelineBenchmark.GOAL_COMMANDS_PER_SECOND);
            queueOf(report, stage.function()).ifPresent(queue -> out.printf("; its queue %s peaked at %,d messages", queue.getKey(),
                    queue.getValue().stream().mapToLong(QueueDepthSampler.Depth::total).max().orElse(0)));
            out.println();
            double cpuPerCommand = completed == 0 ? 0 : report.jvmCpuSeconds() / completed;
            int cores = Runtime.getRuntime().availableProcessors();
            if (cpuPerCommand > 0) {
                double ceiling = cores / cpuPerCommand;
                double budget = cores / PipelineBenchmark.GOAL_COMMANDS_PER_SECOND;
                out.printf("    the whole JVM (API, functions, SQS, SNS, DynamoDB Local, S3Proxy) used %.1f ms of CPU per command: %d cores"
                                + " carry at most ~%,.0f commands/s at that cost; %,.0f/s needs <= %.1f ms per command (%.1fx less)%n",
                        cpuPerCommand * 1000, cores, ceiling, PipelineBenchmark.GOAL_COMMANDS_PER_SECOND, budget * 1000,
                        cpuPerCommand / budget);
                out.println("    CPU per command by component (thread CPU time; PostgreSQL's processes shown beside, not in the JVM total):");
                report.cpuSecondsByComponent().forEach((component, seconds) -> out.printf("      %-44s %6.2f ms%n", component,
                        seconds * 1000 / completed));
            }
            List<String> longest = StageReport.longestCalls(report.requests(), stage, 3);
            if (!longest.isEmpty()) {
                out.println("    where its time went: " + String.join(", ", longest));
            }
        });
        out.println();
    }

    /** The queue that feeds {@code function}, as serverless.yml wires it. */
    private static Optional<Map.Entry<String, List<QueueDepthSampler.Depth>>> queueOf(PipelineBenchmark.Report report, String function) {
        return report.queueDepths().entrySet().stream()
                .filter(queue -> report.queueConsumers().getOrDefault(queue.getKey(), List.of()).contains(function))
                .findFirst();
    }

    private static void printQueues(Map<String, List<QueueDepthSampler.Depth>> depths, PrintStream out) {
        out.println("queues (depth = visible + in flight, sampled every 0.5 s; queues that stayed empty left out):");
        depths.forEach((queue, series) -> {
            long peak = series.stream().mapToLong(QueueDepthSampler.Depth::total).max().orElse(0);
            if (peak == 0) {
                return;
            }
            QueueDepthSampler.Depth at = series.stream().filter(depth -> depth.total() == peak).findFirst().orElseThrow();
            out.printf("  %-40s peak %,7d at %6.1f s  %s%n", queue, peak, at.atMillis() / 1000.0, StageReport.sparkline(series, 40));
        });
        out.println();
    }

    private static void printRequests(RequestCounts requests, long commands, PrintStream out) {
        out.println("AWS requests counted (who / service operation target: requests, batch entries, per 1,000 commands, ms a call):");
        for (RequestCounts.Row row : requests.billed()) {
            out.printf("  %-26s %-8s %-28s %-38s %,9d %,9d %9.1f %8.1f%s%n", row.origin().label(), row.service(), row.operation(),
                    row.target(), row.requests(), row.entries(), commands == 0 ? 0 : row.requests() * 1000.0 / commands,
                    row.requests() == 0 ? 0 : row.callSeconds() * 1000 / row.requests(), details(row));
        }
        long housekeeping = requests.requests(row -> !row.origin().billed());
        out.printf("  runtime housekeeping (excluded from cost): %,d requests%n", housekeeping);
        out.println();
    }

    private static String details(RequestCounts.Row row) {
        StringBuilder details = new StringBuilder();
        if (row.writeUnits() > 0 || row.readUnits() > 0) {
            details.append(String.format("  WRU %,.0f RRU %,.0f", row.writeUnits(), row.readUnits()));
        }
        if (row.operation().equals("ReceiveMessage")) {
            details.append(String.format("  messages %,d, empty %,d", row.messagesReceived(), row.emptyReceives()));
        }
        if (row.failures() > 0) {
            details.append(String.format("  failed %,d", row.failures()));
        }
        return details.toString();
    }

    private static void printLambda(RunCounts usage, PrintStream out) {
        out.println("Lambda (billed duration rounded up to 1 ms, GB-s at the declared memory size):");
        for (RunCounts.FunctionRun function : usage.functions()) {
            out.printf("  %-22s %-8s %,9d invocations %,9d records %10.1f GB-s (%s)%n", function.name(), function.trigger(),
                    function.invocations(), function.records(), function.billedGbSeconds(), function.architecture());
        }
    }

    private static String verdict(boolean met) {
        return met ? "PASS" : "MISS";
    }
}
