package dev.catalog.local.harness.bench;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.dynamodb.DynamoDbWriterThreads;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.YamlValues;
import dev.catalog.local.harness.capacity.MeasuredRequests;
import dev.catalog.local.devtools.Verbosity;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make bench}: boots the local runtime from serverless.yml in this JVM, submits N commands
 * (create, update, delete over up to 2,000 products) from concurrent HTTP clients, waits until the
 * pipeline has drained, and prints the sustained end-to-end throughput, accept and end-to-end
 * latency percentiles, whether every view equals Aurora, per-stage figures naming the limiting
 * stage, and the cost per million commands from the AWS requests counted on the way, beside a
 * naive baseline. A second, paced phase then offers a steady rate below what the first sustained
 * and measures latency there: a saturated pipeline queues work by design, so its latencies say
 * how long the queues were, not how fast a command goes through.
 */
public final class PipelineBenchmark {
    static final double GOAL_COMMANDS_PER_SECOND = 500;
    static final long GOAL_E2E_P99_MILLIS = 2000;
    static final long GOAL_ACCEPT_P99_MILLIS = 50;
    /** The paced phase offers this share of the throughput the flat-out phase sustained (at most the goal's rate). */
    static final double PACED_SHARE_OF_THROUGHPUT = 0.7;
    /** How long the pipeline may make no progress before the benchmark stops waiting for it. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What to run.
     *
     * @param warmupCommands commands sent (and drained) before the measured run, so the JIT has
     *     compiled the hot paths; not measured
     * @param pacedSeconds how long the paced latency phase offers its rate; 0 skips it
     * @param pacedRate the paced phase's commands per second; 0 for {@link #PACED_SHARE_OF_THROUGHPUT} of the measured throughput
     */
    public record Settings(int commands, int maxProducts, int clients, double bulkShare, int warmupCommands, Path priceTable,
                           int pacedSeconds, double pacedRate) {
        public static Settings defaults() {
            return new Settings(20_000, CommandPlan.DEFAULT_PRODUCTS, 16, 0.2, 1000, PriceTable.DEFAULT_FILE, 30, 0);
        }

        /**
         * Reads {@code --commands N --clients N --bulk-share F --products N --warmup N --prices FILE
         * --paced-seconds N --paced-rate R}.
         */
        public static Settings parse(String[] args) {
            Set<String> known = Set.of("--commands", "--products", "--clients", "--bulk-share", "--warmup", "--prices",
                    "--paced-seconds", "--paced-rate");
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!known.contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + String.join(", ", known) + ")");
                }
                given.put(args[i], args[i + 1]);
            }
            Settings defaults = defaults();
            int commands = Integer.parseInt(given.getOrDefault("--commands", String.valueOf(defaults.commands)));
            // Unless told: a tenth of the run, at most a thousand commands; enough for the JIT, small next to the run.
            int warmup = given.containsKey("--warmup") ? Integer.parseInt(given.get("--warmup")) : Math.min(1000, commands / 10);
            return new Settings(commands,
                    Integer.parseInt(given.getOrDefault("--products", String.valueOf(defaults.maxProducts))),
                    Integer.parseInt(given.getOrDefault("--clients", String.valueOf(defaults.clients))),
                    Double.parseDouble(given.getOrDefault("--bulk-share", String.valueOf(defaults.bulkShare))),
                    warmup,
                    given.containsKey("--prices") ? Path.of(given.get("--prices")) : defaults.priceTable,
                    Integer.parseInt(given.getOrDefault("--paced-seconds", String.valueOf(defaults.pacedSeconds))),
                    Double.parseDouble(given.getOrDefault("--paced-rate", String.valueOf(defaults.pacedRate))));
        }
    }

    /**
     * The paced phase: latencies at a steady offered rate.
     *
     * @param acceptNanos from when each request was due to its 202, a sample per command
     * @param singleRequestNanos the same, a sample per request on the single-command routes
     * @param bulkRequestNanos the same, a sample per request on the bulk route
     * @param endToEndMillis acceptedAt to completedAt, as the commands table has them
     * @param cost per million commands at this steady rate, where invocations wait less for the shared cores
     * @param requests the AWS requests of this phase, with their call times
     */
    public record PacedRun(double offeredRate, int commands, long accepted, long completed, double achievedRate,
                           Percentiles acceptNanos, Percentiles singleRequestNanos, Percentiles bulkRequestNanos,
                           Percentiles endToEndMillis, boolean drained, CostModel.Cost cost, RequestCounts requests) {
    }

    /**
     * What a run measured.
     *
     * @param statuses commands by final status (SUCCEEDED, FAILED, and "missing" for accepted
     *     commands with no item or still ACCEPTED when the run ended)
     * @param failureCodes error codes of the FAILED commands
     */
    public record Report(Settings settings, CommandPlan plan, LoadGenerator.Result load, Map<String, Long> statuses,
                         Map<String, Long> failureCodes, double throughput, double runSeconds, Percentiles acceptNanos,
                         Percentiles endToEndMillis, PipelineState.ViewComparison views, RequestCounts requests, RunCounts usage,
                         List<StageReport.Stage> stages, Map<String, List<QueueDepthSampler.Depth>> queueDepths,
                         Map<String, List<String>> queueConsumers,
                         CostModel.Cost cost, CostModel.Cost naiveCost, PriceTable prices, boolean drained,
                         Instant drainedAt, double[] loadAverages, double jvmCpuSeconds, double wallSeconds,
                         Map<String, Double> cpuSecondsByComponent, Optional<PacedRun> paced) {

        long succeeded() {
            return statuses.getOrDefault("SUCCEEDED", 0L);
        }

        long failed() {
            return statuses.getOrDefault("FAILED", 0L);
        }

        long missing() {
            return statuses.getOrDefault("missing", 0L);
        }

        /** Every command accepted and completed, and every view equal to Aurora (the paced phase's too). */
        boolean correct() {
            return load.notAccepted().isEmpty() && missing() == 0 && views.allEqual() && drained
                    && paced.map(run -> run.drained() && run.completed() == run.commands()).orElse(true);
        }
    }

    private final LocalRuntime runtime;
    private final RequestCounter counter;
    private final Settings settings;
    private final PrintStream progress;

    private PipelineBenchmark(LocalRuntime runtime, RequestCounter counter, Settings settings, PrintStream progress) {
        this.runtime = runtime;
        this.counter = counter;
        this.settings = settings;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        Settings settings = Settings.parse(args);
        PrintStream out = System.out;
        Report report = run(settings, out);
        print(report, out);
        out.printf("request counts for make capacity: %s (cp it to %s to refresh the committed copy)%n",
                MeasuredRequests.WRITTEN_FILE, MeasuredRequests.COMMITTED_FILE);
        out.flush();
        System.exit(report.correct() ? 0 : 1);
    }

    /** Boots a runtime with a request counter, runs the benchmark on it and stops it again. */
    public static Report run(Settings settings, PrintStream progress) throws Exception {
        RequestCounter counter = new RequestCounter();
        LocalOptions options = LocalOptions.defaults().withApiPort(0).withVerbosity(Verbosity.QUIET)
                .withRetryDelay(Duration.ofSeconds(1)).withRequestInterceptor(counter);
        try (LocalRuntime runtime = LocalRuntime.start(options)) {
            return new PipelineBenchmark(runtime, counter, settings, progress).measure();
        }
    }

    private Report measure() throws Exception {
        PriceTable prices = PriceTable.load(settings.priceTable());
        ThreadNice.ofThreadNamed(DynamoDbWriterThreads.NAME_PREFIX).ifPresent(nice -> progress.printf(
                "DynamoDB Local's SQLite thread runs at nice %d%s%n", nice, nice < 0 ? "" : " (as root, make bench raises it)"));
        LocalClientSettings ownSettings = new LocalClientSettings(runtime.endpoints());
        try (SqsClient sqs = sqsClient(ownSettings); DynamoDbClient dynamoDb = dynamoDbClient(ownSettings)) {
            LogVolumeEstimate.CountingLogger functionLogs = new LogVolumeEstimate.CountingLogger(System.err);
            runtime.handlers().keySet().forEach(name -> runtime.function(name).ifPresent(function -> function.logTo(functionLogs)));
            LoadGenerator.Settings loadSettings = new LoadGenerator.Settings(runtime.apiBaseUri(), runtime.tokens().get("editor"),
                    settings.clients(), settings.bulkShare(), 8, 0);
            LoadGenerator generator = new LoadGenerator(loadSettings);

            if (settings.warmupCommands() > 0) {
                progress.printf("warm-up: %,d commands (not measured)%n", settings.warmupCommands());
                double warmupBefore = completions();
                LoadGenerator.Result warmup = generator.run(CommandPlan.of(settings.warmupCommands(),
                        Math.max(1, settings.warmupCommands() / CommandPlan.COMMANDS_PER_PRODUCT_AT_LEAST)));
                awaitCompletions(warmupBefore, warmup.accepted().size(), Optional.empty());
            }

            CommandPlan plan = CommandPlan.of(settings.commands(), settings.maxProducts());
            Map<String, String> queueUrls = new LinkedHashMap<>();
            sqs.listQueues().queueUrls().forEach(url -> queueUrls.put(url.substring(url.lastIndexOf('/') + 1), url));
            int invocationsBefore = runtime.invocations().size();
            double completionsBefore = completions();
            int samplesBefore = runtime.metrics().samples().size();
            counter.reset();
            functionLogs.reset();
            progress.printf("submitting %,d commands over %,d products from %d clients (%.0f%% through the bulk route)%n",
                    plan.commands(), plan.products(), settings.clients(), settings.bulkShare() * 100);

            double loadBefore = loadAverage();
            java.util.OptionalInt postgresPort = java.util.OptionalInt.of(java.net.URI.create(runtime.postgresJdbcUrl().substring(5)).getPort());
            CpuByComponent.Snapshot cpuBefore = CpuByComponent.snapshot(postgresPort);
            long wallBefore = System.nanoTime();
            LoadGenerator.Result load;
            boolean drained;
            Map<String, List<QueueDepthSampler.Depth>> depths;
            try (QueueDepthSampler sampler = new QueueDepthSampler(sqs, queueUrls, Duration.ofMillis(500)).start()) {
                load = generator.run(plan);
                progress.printf("accepted %,d commands; waiting for the pipeline to drain%n", load.accepted().size());
                drained = awaitCompletions(completionsBefore, load.accepted().size(), Optional.of(sampler));
                depths = sampler.series();
            }
            Instant drainedAt = Instant.now();
            double loadAfter = loadAverage();
            CpuByComponent.Snapshot cpuAfter = CpuByComponent.snapshot(postgresPort);
            double jvmCpuSeconds = (cpuAfter.processCpuNanos() - cpuBefore.processCpuNanos()) / 1e9;
            Map<String, Double> cpuByComponent = CpuByComponent.between(cpuBefore, cpuAfter);
            double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
            RequestCounts requests = counter.snapshot();
            List<Invocation> invocations = runtime.invocations();
            invocations = invocations.subList(Math.min(invocationsBefore, invocations.size()), invocations.size());
            List<InMemoryMetrics.Sample> samples = runtime.metrics().samples();
            samples = samples.subList(Math.min(samplesBefore, samples.size()), samples.size());

            String commandsTable = environmentValue("COMMANDS_TABLE");
            Map<UUID, PipelineState.CommandItem> items = PipelineState.commands(dynamoDb, commandsTable);
            Map<String, Long> statuses = new LinkedHashMap<>();
            Map<String, Long> failureCodes = new LinkedHashMap<>();
            List<Long> endToEnd = new ArrayList<>();
            Instant firstAccept = null;
            Instant lastCompletion = null;
            for (LoadGenerator.Accepted accepted : load.accepted()) {
                PipelineState.CommandItem item = items.get(accepted.commandId());
                String status = item == null || item.completedAt() == null ? "missing" : item.status();
                statuses.merge(status, 1L, Long::sum);
                if (item == null) {
                    continue;
                }
                firstAccept = firstAccept == null || item.acceptedAt().isBefore(firstAccept) ? item.acceptedAt() : firstAccept;
                if (item.completedAt() != null) {
                    lastCompletion = lastCompletion == null || item.completedAt().isAfter(lastCompletion) ? item.completedAt() : lastCompletion;
                    endToEnd.add(Duration.between(item.acceptedAt(), item.completedAt()).toMillis());
                }
                if ("FAILED".equals(status)) {
                    failureCodes.merge(String.valueOf(item.errorCode()), 1L, Long::sum);
                }
            }
            double runSeconds = firstAccept == null || lastCompletion == null ? 0
                    : Duration.between(firstAccept, lastCompletion).toNanos() / 1e9;
            long completed = endToEnd.size();
            double throughput = runSeconds > 0 ? completed / runSeconds : 0;

            Set<UUID> products = new HashSet<>(load.productIds().values());
            PipelineState.ViewComparison views = PipelineState.compare(products,
                    PipelineState.views(dynamoDb, environmentValue("PRODUCT_VIEWS_TABLE")),
                    PipelineState.auroraRows(runtime.database(databaseName())));

            RunCounts usage = usageOf(completed, load, requests, invocations, samples, functionLogs);
            CapacityCounts.of("make bench N=" + settings.commands(), completed, load, requests, invocations, runtime.config(),
                    cpuByComponent.getOrDefault(CpuByComponent.POSTGRES, 0.0)).write(MeasuredRequests.WRITTEN_FILE);
            CostModel model = new CostModel(prices);
            // Busy time is set against the whole measured window: statuses are written after the last completedAt.
            List<StageReport.Stage> stages = StageReport.stages(invocations, wallSeconds, completed);
            Optional<PacedRun> paced = settings.pacedSeconds() > 0 && throughput > 0
                    ? Optional.of(runPaced(loadSettings, throughput, dynamoDb, commandsTable, functionLogs, model)) : Optional.empty();
            return new Report(settings, plan, load, statuses, failureCodes, throughput, runSeconds,
                    Percentiles.of(load.acceptNanos()), Percentiles.of(endToEnd.stream().mapToLong(Long::longValue).toArray()),
                    views, requests, usage, stages, depths, runtime.wiring().queueConsumers(), model.cost(usage), model.cost(CostModel.naive(usage)), prices, drained,
                    drainedAt, new double[] {loadBefore, loadAfter}, jvmCpuSeconds, wallSeconds, cpuByComponent, paced);
        }
    }

    /**
     * Offers a steady rate (the setting, or {@link #PACED_SHARE_OF_THROUGHPUT} of the sustained
     * throughput, at most the goal's rate) for the paced phase's seconds, on products of its own,
     * and measures accept and end-to-end latency there.
     */
    private PacedRun runPaced(LoadGenerator.Settings loadSettings, double sustained, DynamoDbClient dynamoDb, String commandsTable,
                              LogVolumeEstimate.CountingLogger functionLogs, CostModel model) throws InterruptedException {
        double rate = settings.pacedRate() > 0 ? settings.pacedRate()
                : Math.min(GOAL_COMMANDS_PER_SECOND, PACED_SHARE_OF_THROUGHPUT * sustained);
        int commands = Math.max(1, (int) Math.round(rate * settings.pacedSeconds()));
        progress.printf("paced phase: %,d commands offered at %,.0f/s for %d s%n", commands, rate, settings.pacedSeconds());
        double before = completions();
        int invocationsBefore = runtime.invocations().size();
        int samplesBefore = runtime.metrics().samples().size();
        counter.reset();
        functionLogs.reset();
        LoadGenerator.Result load = new LoadGenerator(loadSettings.pacedAt(rate))
                .run(CommandPlan.of(commands, settings.maxProducts()));
        boolean drained = awaitCompletions(before, load.accepted().size(), Optional.empty());
        RequestCounts requests = counter.snapshot();
        List<Invocation> invocations = runtime.invocations();
        invocations = invocations.subList(Math.min(invocationsBefore, invocations.size()), invocations.size());
        List<InMemoryMetrics.Sample> samples = runtime.metrics().samples();
        samples = samples.subList(Math.min(samplesBefore, samples.size()), samples.size());
        Map<UUID, PipelineState.CommandItem> items = PipelineState.commands(dynamoDb, commandsTable);
        long[] endToEnd = load.accepted().stream().map(accepted -> items.get(accepted.commandId()))
                .filter(item -> item != null && item.completedAt() != null)
                .mapToLong(item -> Duration.between(item.acceptedAt(), item.completedAt()).toMillis()).toArray();
        double sendingSeconds = load.firstSent() == null || load.lastAccepted() == null ? 0
                : Duration.between(load.firstSent(), load.lastAccepted()).toNanos() / 1e9;
        RunCounts usage = usageOf(endToEnd.length, load, requests, invocations, samples, functionLogs);
        return new PacedRun(rate, commands, load.accepted().size(), endToEnd.length,
                sendingSeconds > 0 ? load.accepted().size() / sendingSeconds : 0,
                Percentiles.of(load.acceptNanos()), Percentiles.of(load.requestNanos().single()),
                Percentiles.of(load.requestNanos().bulk()), Percentiles.of(endToEnd), drained, model.cost(usage), requests);
    }

    /** What a phase used, for the cost model: its requests, invocations, metrics and log volume. */
    private RunCounts usageOf(long completed, LoadGenerator.Result load, RequestCounts requests, List<Invocation> invocations,
                              List<InMemoryMetrics.Sample> samples, LogVolumeEstimate.CountingLogger functionLogs) {
        LogVolumeEstimate logSizes = LogVolumeEstimate.measure(runtime.config().stage());
        List<Integer> statusBatches = invocations.stream().filter(invocation -> consumesQueue(invocation.function(), "command-status"))
                .map(Invocation::batchSize).toList();
        long singleRouteCommands = load.accepted().size() - load.bulkCommands();
        long[] emf = logSizes.emfLinesAndBytes(singleRouteCommands, load.bulkCommandTypes(), statusBatches);
        RunCounts.LogVolume logs = new RunCounts.LogVolume(emf[0], emf[1], functionLogs.bytes(),
                LogVolumeEstimate.platformBytesPerInvocation());
        long metricMessages = samples.stream().filter(sample -> sample.metric() != Metric.COMMAND_LATENCY).count();
        return RunCounts.of(completed, requests, invocations, memorySizes(), architecture(), metricMessages, logs);
    }

    /**
     * Waits until the status writer has completed {@code expected} more commands than {@code before}
     * and, with a sampler, every queue is empty; gives up when nothing moves for {@link #STALL_TIMEOUT}.
     *
     * @return whether the pipeline drained
     */
    private boolean awaitCompletions(double before, long expected, Optional<QueueDepthSampler> sampler) throws InterruptedException {
        long lastProgressAt = System.nanoTime();
        double lastCompleted = -1;
        long lastDepth = -1;
        int emptyReadings = 0;
        while (true) {
            double completed = completions() - before;
            long depth = sampler.map(QueueDepthSampler::latestTotal).orElse(0L);
            if (completed >= expected) {
                emptyReadings = sampler.isEmpty() || sampler.get().allEmpty() ? emptyReadings + 1 : 0;
                // Two empty readings in a row: the projector and the journal have caught up too.
                if (emptyReadings >= 2) {
                    return true;
                }
            }
            if (completed != lastCompleted || depth != lastDepth) {
                lastCompleted = completed;
                lastDepth = depth;
                lastProgressAt = System.nanoTime();
            } else if (System.nanoTime() - lastProgressAt > STALL_TIMEOUT.toNanos()) {
                progress.printf("the pipeline made no progress for %d s: %,.0f of %,d commands completed%n",
                        STALL_TIMEOUT.toSeconds(), completed, expected);
                return false;
            }
            Thread.sleep(500);
        }
    }

    /** Commands the status writer has completed so far (it records one of these per command). */
    private double completions() {
        InMemoryMetrics metrics = runtime.metrics();
        return metrics.total(Metric.COMMANDS_SUCCEEDED, null) + metrics.total(Metric.COMMANDS_FAILED, null);
    }

    /** The machine's one-minute load average: on shared cores, other processes' load shows in every figure. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private boolean consumesQueue(String function, String queueNamePart) {
        return runtime.wiring().queueConsumers().entrySet().stream()
                .anyMatch(queue -> queue.getKey().contains(queueNamePart) && queue.getValue().contains(function));
    }

    /** A resolved environment variable some function has (every function that has it gets the same value). */
    private String environmentValue(String variable) {
        return runtime.functionEnvironments().values().stream().map(environment -> environment.get(variable))
                .filter(value -> value != null && !value.isBlank()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no function has " + variable));
    }

    private String databaseName() {
        return runtime.functionEnvironments().values().stream().map(environment -> environment.get("DB_NAME"))
                .filter(value -> value != null && !value.isBlank()).findFirst().orElse("catalog");
    }

    private Map<String, Integer> memorySizes() {
        ServerlessConfig config = runtime.config();
        int providerMemory = (int) YamlValues.number(config.provider().get("memorySize"), 1024);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        config.functions().forEach((name, function) -> sizes.put(name,
                (int) YamlValues.number(function.value().get("memorySize"), providerMemory)));
        return sizes;
    }

    private String architecture() {
        Object declared = runtime.config().provider().get("architecture");
        return declared == null ? "x86_64" : String.valueOf(declared);
    }

    private static SqsClient sqsClient(LocalClientSettings settings) {
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        settings.configure(builder);
        return builder.build();
    }

    private static DynamoDbClient dynamoDbClient(LocalClientSettings settings) {
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        settings.configure(builder);
        return builder.build();
    }

    /** The runtime's own log stays at warnings: the benchmark prints its figures, not the pipeline's chatter. */
    private static void quietLogs() {
        for (String name : List.of("dev.catalog", "org.elasticmq", "org.gaul", "com.amazonaws", "io.zonky", "org.eclipse.jetty")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    static void print(Report report, PrintStream out) {
        BenchmarkPrinter.print(report, out);
    }
}
