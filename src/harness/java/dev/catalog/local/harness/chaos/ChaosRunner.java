package dev.catalog.local.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.config.EnvironmentVariables;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.chaos.CommandMix.PlannedCommand;
import dev.catalog.metrics.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the chaos suite on a running local pipeline: concurrent clients submit commands through
 * the HTTP API at a steady pace while faults strike in phases of the run, then the pipeline is
 * left to drain and the stores are audited ({@link ChaosVerdict}).
 *
 * <p>Phases, by share of the commands handed to the clients: from the start, a share of the
 * messages on every topic is delivered twice and a share of the events arrives late, and poison
 * messages sit on the consumer queues; from 10% to 40% the consumers throw on a share of their
 * messages; from 45% to 75% SNS fails a share of the publishes of the API, the worker's relay and
 * the sweeper; at 55% PostgreSQL goes down for a moment; at 82% SNS throttles every publish to the commands topic for 5 s; at 15%, 30%, 80% and 90% a batch of
 * each consumer loses its delete.
 *
 * <p>The phases are spread so that no message meets more failed or repeated deliveries than its
 * queue's maxReceiveCount allows: a message that does goes to the dead-letter queue by design,
 * which is the operators' signal, not a defect the suite looks for.
 */
public final class ChaosRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The worker's relay has long finished with a row this old; the deployed sweeper waits 30 s. */
    private static final Duration SWEEP_GRACE = Duration.ofSeconds(3);
    private static final String COMMANDS_QUEUE = "product-commands.fifo";
    private static final String PROJECTIONS_QUEUE = "projections.fifo";
    private static final String STATUS_QUEUE = "command-status";
    /** What marks the poison messages' bodies, to tell them from anything else in a dead-letter queue. */
    static final String POISON_MARKER = "\"chaosPoison\"";
    /** Not one of the service's queues (their names start with catalog-): a client's, outside the drain. */
    private static final String CLIENT_REPLIES_QUEUE = "chaos-client-replies";

    private final LocalRuntime runtime;
    private final Faults injected;
    private final ChaosPlan plan;
    private final List<IssuedCommand> issued = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicLong singleRequests = new AtomicLong();
    private final AtomicLong bulkRequests = new AtomicLong();
    private final AtomicLong bulkCommands = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final AtomicLong lastAcceptedNanos = new AtomicLong();

    /** @param faults the faults {@code runtime} was started with ({@code LocalOptions.withFaults}) */
    public ChaosRunner(LocalRuntime runtime, Faults faults, ChaosPlan plan) {
        this.runtime = runtime;
        this.injected = faults;
        this.plan = plan;
    }

    /** Runs the suite once (a runner holds one run's commands: make another for another run). */
    public ChaosReport run() throws Exception {
        Map<String, Map<String, String>> environments = runtime.functionEnvironments();
        ChaosFaults.Topics topics = new ChaosFaults.Topics(environments.get("createProduct").get(EnvironmentVariables.COMMANDS_TOPIC_ARN),
                environments.get("productWorker").get(EnvironmentVariables.EVENTS_TOPIC_ARN),
                environments.get("productWorker").get(EnvironmentVariables.REPLIES_TOPIC_ARN));
        SnapshotReader reader = new SnapshotReader(runtime.clients().dynamoDb(), runtime.sqs(), runtime.database("catalog"),
                environments.get("createProduct").get(EnvironmentVariables.COMMANDS_TABLE),
                environments.get("projector").get(EnvironmentVariables.PRODUCT_VIEWS_TABLE), queueName(""));
        String clientReplies = subscribeClientToReplies(topics.replies());
        ChaosFaults faults = new ChaosFaults(injected, plan, topics);
        double completionsBefore = statusCompletions();
        double duplicatesBefore = runtime.metrics().total(Metric.DUPLICATE_DELIVERIES, null);
        RetryingApiClient api = new RetryingApiClient(runtime.apiBaseUri(), runtime.tokens().get("editor"));
        CommandMix mix = new CommandMix(plan.products(), plan.commands());
        Pace pace = new Pace(plan.commandsPerSecond());
        FaultSchedule schedule = new FaultSchedule(faults);

        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, daemon("chaos-background"));
        try (FastOutboxSweeper sweeper = new FastOutboxSweeper(runtime, SWEEP_GRACE)) {
            background.scheduleWithFixedDelay(() -> release(faults), 250, 250, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(sweeper::sweep, 1000, 1000, TimeUnit.MILLISECONDS);
            int poison = sendPoison();
            faults.repeatAndDelayPublishes();

            long started = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(plan.clients(), daemon("chaos-client"));
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < plan.clients(); client++) {
                Random random = new Random(plan.seed() * 31 + client);
                running.add(clients.submit(() -> {
                    submitUntilDone(api, mix, random, pace, schedule);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            Duration submitting = Duration.ofNanos(System.nanoTime() - started);
            schedule.finish();
            faults.healAll();

            boolean drained = drain(reader, faults, poison);
            Duration drain = Duration.ofNanos(System.nanoTime() - lastAcceptedNanos.get());
            background.shutdownNow();
            background.awaitTermination(5, TimeUnit.SECONDS);

            PipelineSnapshot snapshot = reader.read(Math.round(statusCompletions() - completionsBefore), clientReplies);
            ChaosVerdict verdict = ChaosVerdict.judge(List.copyOf(issued), snapshot, poison);
            ClientFigures figures = new ClientFigures(singleRequests.get(), bulkRequests.get(), bulkCommands.get(),
                    api.serverErrors(), api.networkErrors(), gaveUp.get(), List.copyOf(refused));
            return new ChaosReport(plan, verdict, faults.struck(), figures, sweeper.published(),
                    Math.round(runtime.metrics().total(Metric.DUPLICATE_DELIVERIES, null) - duplicatesBefore),
                    submitting, drain, drained);
        } finally {
            background.shutdownNow();
            faults.healAll();
        }
    }

    private void release(ChaosFaults faults) {
        try {
            faults.releaseHeld(plan.holdBack());
        } catch (RuntimeException e) {
            LOG.warn("releasing held messages failed: {}", e.toString());
        }
    }

    /** One client: takes commands from the shared budget until it is spent. */
    private void submitUntilDone(RetryingApiClient api, CommandMix mix, Random random, Pace pace, FaultSchedule schedule)
            throws InterruptedException {
        while (true) {
            int wanted = random.nextDouble() < plan.bulkShare() ? 2 + random.nextInt(9) : 1;
            int granted = take(wanted);
            if (granted == 0) {
                return;
            }
            schedule.progress((double) handedOut.get() / plan.commands());
            pace.await(granted);
            List<PlannedCommand> commands = new ArrayList<>();
            for (int i = 0; i < granted; i++) {
                commands.add(mix.next(random));
            }
            if (granted == 1) {
                submitOne(api, mix, commands.get(0), new UUID(random.nextLong(), random.nextLong()).toString());
            } else {
                List<UUID> commandIds = new ArrayList<>();
                commands.forEach(command -> commandIds.add(new UUID(random.nextLong(), random.nextLong())));
                submitBulk(api, mix, commands, commandIds);
            }
        }
    }

    private int take(int wanted) {
        while (true) {
            int taken = handedOut.get();
            int granted = Math.min(wanted, plan.commands() - taken);
            if (granted <= 0) {
                return 0;
            }
            if (handedOut.compareAndSet(taken, taken + granted)) {
                return granted;
            }
        }
    }

    private void submitOne(RetryingApiClient api, CommandMix mix, PlannedCommand command, String idempotencyKey)
            throws InterruptedException {
        singleRequests.incrementAndGet();
        String method;
        String path;
        switch (command.type()) {
            case IssuedCommand.CREATE -> {
                method = "POST";
                path = "/v1/products";
            }
            case IssuedCommand.UPDATE -> {
                method = "PATCH";
                path = "/v1/products/" + command.productId();
            }
            default -> {
                method = "DELETE";
                path = "/v1/products/" + command.productId()
                        + (command.expectedVersion() == null ? "" : "?expectedVersion=" + command.expectedVersion());
            }
        }
        RetryingApiClient.Answer answer = api.send(method, path, command.singleBody(), Optional.of(idempotencyKey));
        if (!answer.accepted()) {
            notAccepted(method + " " + path, answer, 1);
            return;
        }
        accepted(mix, command.accepted(UUID.fromString(answer.body().get("commandId").asText()),
                UUID.fromString(answer.body().get("productId").asText()), false));
    }

    private void submitBulk(RetryingApiClient api, CommandMix mix, List<PlannedCommand> commands, List<UUID> commandIds)
            throws InterruptedException {
        bulkRequests.incrementAndGet();
        bulkCommands.addAndGet(commands.size());
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("commands");
        for (int i = 0; i < commands.size(); i++) {
            items.add(commands.get(i).bulkItem(commandIds.get(i)));
        }
        RetryingApiClient.Answer answer = api.send("POST", "/v1/commands", body.toString(), Optional.empty());
        if (!answer.accepted()) {
            notAccepted("POST /v1/commands", answer, commands.size());
            return;
        }
        JsonNode answers = answer.body().get("commands");
        for (int i = 0; i < commands.size(); i++) {
            JsonNode item = answers.get(i);
            accepted(mix, commands.get(i).accepted(UUID.fromString(item.get("commandId").asText()),
                    UUID.fromString(item.get("productId").asText()), true));
        }
    }

    private void accepted(CommandMix mix, IssuedCommand command) {
        issued.add(command);
        mix.accepted(command);
        lastAcceptedNanos.set(System.nanoTime());
    }

    private void notAccepted(String request, RetryingApiClient.Answer answer, int commands) {
        if (answer.status() >= 500 || answer.status() == 0) {
            gaveUp.addAndGet(commands);
        } else {
            refused.add(request + " → " + answer.status() + " " + answer.body().path("code").asText(""));
        }
    }

    /** A client's own queue subscribed to the replies topic (raw), as the design lets clients follow their commands. */
    private String subscribeClientToReplies(String repliesTopic) {
        String url = runtime.sqs().createQueue(request -> request.queueName(CLIENT_REPLIES_QUEUE)).queueUrl();
        String arn = runtime.sqs().getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
        runtime.clients().sns().subscribe(request -> request.topicArn(repliesTopic).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    private String queueName(String suffix) {
        return "catalog-" + runtime.config().stage() + "-" + suffix;
    }

    /**
     * Malformed messages on each consumer queue, each in a message group of its own: no handler
     * can ever process them, so after maxReceiveCount deliveries they must sit in the dead-letter
     * queues, and nothing else may.
     */
    private int sendPoison() {
        int sent = 0;
        for (String queue : List.of(COMMANDS_QUEUE, PROJECTIONS_QUEUE, STATUS_QUEUE)) {
            String url = runtime.sqs().getQueueUrl(request -> request.queueName(queueName(queue))).queueUrl();
            for (int i = 0; i < plan.poisonPerQueue(); i++) {
                String body = "{" + POISON_MARKER + ":\"seed " + plan.seed() + " #" + i + ": no handler can process this\"}";
                String group = "poison-" + i;
                runtime.sqs().sendMessage(request -> {
                    request.queueUrl(url).messageBody(body);
                    if (queue.endsWith(".fifo")) {
                        request.messageGroupId(group).messageDeduplicationId(UUID.randomUUID().toString());
                    }
                });
                sent++;
            }
        }
        return sent;
    }

    /**
     * Waits until every accepted command is completed, no event is held back, the outbox is
     * published, every queue is empty and the poison has reached the dead-letter queues.
     *
     * @return false when the drain timeout passed first
     */
    private boolean drain(SnapshotReader reader, ChaosFaults faults, int poison) throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        List<UUID> open = issued.stream().map(IssuedCommand::commandId).toList();
        while (System.nanoTime() < deadline) {
            try {
                faults.releaseHeld(Duration.ZERO);
                open = reader.stillOpen(open);
                if (open.isEmpty() && faults.heldCount() == 0 && reader.unpublishedOutboxRows() == 0
                        && reader.queueDepths(false).values().stream().allMatch(depth -> depth == 0)
                        && reader.deadLetters().values().stream().mapToInt(Integer::intValue).sum() >= poison) {
                    return true;
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                LOG.info("the pipeline is not readable yet: {}", e.toString());
            }
            Thread.sleep(250);
        }
        return false;
    }

    private double statusCompletions() {
        return runtime.metrics().total(Metric.COMMANDS_SUCCEEDED, null) + runtime.metrics().total(Metric.COMMANDS_FAILED, null);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The clients' shared pace: one slot per command, spaced evenly. */
    private static final class Pace {
        private final long nanosPerCommand;
        private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

        Pace(int commandsPerSecond) {
            this.nanosPerCommand = 1_000_000_000L / commandsPerSecond;
        }

        void await(int commands) throws InterruptedException {
            long now = System.nanoTime();
            long slot = nextSlot.getAndAccumulate(commands * nanosPerCommand, (next, step) -> Math.max(next, now) + step);
            long wait = Math.max(slot, now) - now;
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    /** The faults' phases, fired once each as the share of commands handed out passes their mark. */
    private static final class FaultSchedule {
        private final List<Step> steps = new ArrayList<>();
        private final ChaosFaults faults;
        private final List<CompletableFuture<Void>> running = new ArrayList<>();
        private int next;

        private record Step(double at, Runnable action) {
        }

        FaultSchedule(ChaosFaults faults) {
            this.faults = faults;
            steps.add(new Step(0.10, faults::failHandlers));
            steps.add(new Step(0.15, faults::loseDeletes));
            steps.add(new Step(0.30, faults::loseDeletes));
            steps.add(new Step(0.40, faults::healHandlers));
            steps.add(new Step(0.45, faults::breakSns));
            steps.add(new Step(0.55, () -> inBackground(faults::databaseOutage, "chaos-outage")));
            steps.add(new Step(0.75, faults::healSns));
            steps.add(new Step(0.80, faults::loseDeletes));
            steps.add(new Step(0.82, () -> inBackground(faults::throttleCommands, "chaos-throttle")));
            steps.add(new Step(0.90, faults::loseDeletes));
        }

        /** The outage and the throttle last seconds: each runs on its own thread while the clients carry on. */
        private void inBackground(Runnable fault, String name) {
            CompletableFuture<Void> ended = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    fault.run();
                    ended.complete(null);
                } catch (RuntimeException e) {
                    ended.completeExceptionally(e);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
            running.add(ended);
        }

        synchronized void progress(double share) {
            while (next < steps.size() && steps.get(next).at() <= share) {
                steps.get(next++).action().run();
            }
        }

        /** Runs the steps not reached yet (a tiny run) and waits for the outage and the throttle to end. */
        synchronized void finish() {
            progress(1.0);
            running.forEach(CompletableFuture::join);
        }
    }
}
