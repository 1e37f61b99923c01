package dev.catalog.local.harness.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the benchmark JVM's CPU went, by component of the local pipeline: every service and
 * function runs in this one JVM on threads whose names say whose they are, so the CPU time of
 * those threads, read before and after a run, divides the run's CPU between them. What no thread
 * accounts for (the garbage collector, the JIT compilers) is the JVM's own share. PostgreSQL runs in
 * child processes of its own; their CPU is read beside.
 */
final class CpuByComponent {
    /** Thread name prefixes, most specific first, and the component they belong to. */
    private static final List<Map.Entry<String, String>> PREFIXES = List.of(
            Map.entry("elasticmq", "SQS: ElasticMQ"),
            Map.entry("qtp", "DynamoDB Local: HTTP"),
            Map.entry("SQLiteQueue", "DynamoDB Local: SQLite"),
            Map.entry("S3Proxy", "S3: S3Proxy"),
            Map.entry("local-sns", "SNS: the runtime's endpoint"),
            Map.entry("local-http-api", "HTTP API and its functions"),
            Map.entry("sqs-", "SQS-triggered functions and their pollers"),
            Map.entry("bench-", "benchmark clients and sampler"),
            Map.entry("HttpClient", "benchmark clients and sampler"));
    static final String UNNAMED = "other threads";
    static final String JVM = "JVM: garbage collector and JIT compilers";
    static final String POSTGRES = "PostgreSQL (child processes)";

    /** CPU nanoseconds per live thread at one moment, with the thread's name; the same for child processes. */
    record Snapshot(Map<Long, String> names, Map<Long, Long> cpuNanos, long processCpuNanos, Map<Long, Long> childCpuNanos) {
    }

    private CpuByComponent() {
    }

    static Snapshot snapshot() {
        return snapshot(java.util.OptionalInt.empty());
    }

    /**
     * With the embedded PostgreSQL's port: its server is no child of this JVM ({@code pg_ctl} detaches
     * it), so its processes are found by the port on their command line and read beside the children.
     */
    static Snapshot snapshot(java.util.OptionalInt postgresPort) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        if (threads.isThreadCpuTimeSupported()) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    names.put(info.getThreadId(), info.getThreadName());
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        Map<Long, Long> children = new HashMap<>();
        ProcessHandle.current().descendants().forEach(child -> child.info().totalCpuDuration()
                .ifPresent(duration -> children.put(child.pid(), duration.toNanos())));
        postgresPort.ifPresent(port -> ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().filter(line -> line.contains("postgres")
                        && line.matches(".*\\s-p\\s+" + port + "(\\s.*)?")).isPresent())
                .forEach(server -> {
                    children.put(server.pid(), cpuWithReapedChildren(server.pid()));
                    server.children().forEach(backend -> backend.info().totalCpuDuration()
                            .ifPresent(duration -> children.put(backend.pid(), duration.toNanos())));
                }));
        return new Snapshot(names, cpu, processCpuNanos(), children);
    }

    /**
     * CPU seconds per component between two snapshots, largest first. Threads that ended in
     * between are lost to their component and show up in the JVM's share.
     */
    static Map<String, Double> between(Snapshot before, Snapshot after) {
        return between(before, after, CpuByComponent::componentOf);
    }

    static Map<String, Double> between(Snapshot before, Snapshot after, Function<String, String> component) {
        Map<String, Double> seconds = new HashMap<>();
        double threadsTotal = 0;
        for (Map.Entry<Long, Long> thread : after.cpuNanos().entrySet()) {
            long used = thread.getValue() - before.cpuNanos().getOrDefault(thread.getKey(), 0L);
            if (used > 0) {
                seconds.merge(component.apply(after.names().get(thread.getKey())), used / 1e9, Double::sum);
                threadsTotal += used / 1e9;
            }
        }
        if (after.processCpuNanos() >= 0 && before.processCpuNanos() >= 0) {
            double rest = (after.processCpuNanos() - before.processCpuNanos()) / 1e9 - threadsTotal;
            if (rest > 0) {
                seconds.merge(JVM, rest, Double::sum);
            }
        }
        double children = after.childCpuNanos().entrySet().stream()
                .mapToLong(child -> Math.max(0, child.getValue() - before.childCpuNanos().getOrDefault(child.getKey(), 0L))).sum() / 1e9;
        if (children > 0) {
            seconds.merge(POSTGRES, children, Double::sum);
        }
        Map<String, Double> largestFirst = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> largestFirst.put(entry.getKey(), entry.getValue()));
        return largestFirst;
    }

    static String componentOf(String threadName) {
        if (threadName == null) {
            return UNNAMED;
        }
        return PREFIXES.stream().filter(prefix -> threadName.startsWith(prefix.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(UNNAMED);
    }

    /**
     * A process's CPU with that of the children it has reaped (PostgreSQL's backends end with their
     * connection): utime, stime, cutime and cstime of /proc/PID/stat, in clock ticks of 10 ms.
     */
    private static long cpuWithReapedChildren(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int field = 11; field <= 14; field++) {
                ticks += Long.parseLong(fields[field]);
            }
            return ticks * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
