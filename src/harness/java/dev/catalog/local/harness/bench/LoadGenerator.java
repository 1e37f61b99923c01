package dev.catalog.local.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.harness.bench.CommandPlan.Kind;
import dev.catalog.local.harness.bench.CommandPlan.PlannedCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Submits a {@link CommandPlan} over HTTP from concurrent clients, the way API users would: each
 * client owns a share of the products and sends their commands one request at a time, round robin
 * over its products, so a product's commands are accepted in plan order. Some of the commands go
 * through the bulk route ({@code POST /v1/commands}, up to ten per request), the rest through the
 * product routes. Every request carries an idempotency key (the bulk route: client command ids),
 * so a request that failed with a 5xx or a broken connection is simply sent again.
 *
 * <p>Unpaced, each client sends its next request as soon as the last one is answered: the
 * pipeline runs flat out and the figures are those of a saturated system. Paced, the clients
 * together offer a fixed number of commands per second, and a request's latency counts from when
 * it was due, so a client that fell behind does not hide the wait it caused.
 */
final class LoadGenerator {
    /** The bulk route takes at most ten commands. */
    static final int BULK_MAX = 10;

    /**
     * @param bulkShare the share of commands to send through the bulk route (0 to 1)
     * @param maxAttempts how often one request is tried before its commands count as not accepted
     * @param offeredRate commands per second all clients together send; 0 for as fast as answered
     */
    record Settings(URI api, String bearerToken, int clients, double bulkShare, int maxAttempts, double offeredRate) {
        Settings {
            if (clients < 1 || bulkShare < 0 || bulkShare > 1 || maxAttempts < 1 || offeredRate < 0) {
                throw new IllegalArgumentException("clients >= 1, 0 <= bulkShare <= 1, maxAttempts >= 1, offeredRate >= 0");
            }
        }

        Settings pacedAt(double commandsPerSecond) {
            return new Settings(api, bearerToken, clients, bulkShare, maxAttempts, commandsPerSecond);
        }
    }

    /** A command the API accepted (202). */
    record Accepted(UUID commandId, int productIndex, Kind kind, boolean bulk) {
    }

    /**
     * What the clients did.
     *
     * @param acceptNanos request round trips, one sample per accepted command (a bulk request's for each of its commands),
     *     from the first attempt (paced: from when the request was due) to the 202
     * @param bulkCommandTypes for each bulk request, how many command types it mixed
     * @param notAccepted commands refused or given up on, with the reason
     * @param requestNanos the same round trips, one sample per accepted request, by route
     */
    record Result(List<Accepted> accepted, Map<Integer, UUID> productIds, long singleRequests, long bulkRequests,
                  List<Integer> bulkCommandTypes, long retries, List<String> notAccepted, Instant firstSent, Instant lastAccepted,
                  long[] acceptNanos, RouteLatencies requestNanos) {
        long bulkCommands() {
            return accepted.stream().filter(Accepted::bulk).count();
        }
    }

    /** Accepted requests' round trips on the single-command routes and on the bulk route, a sample per request. */
    record RouteLatencies(long[] single, long[] bulk) {
    }

    private final Settings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    LoadGenerator(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Result run(CommandPlan plan) throws InterruptedException {
        Outcome outcome = new Outcome();
        List<Thread> clients = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            int index = client;
            Thread thread = new Thread(() -> new Client(index, plan, outcome).run(), "bench-client-" + client);
            thread.setDaemon(true);
            clients.add(thread);
        }
        clients.forEach(Thread::start);
        for (Thread thread : clients) {
            thread.join();
        }
        return outcome.result();
    }

    /** Shared by the clients; every method is safe to call from any of them. */
    private static final class Outcome {
        final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, UUID> productIds = new ConcurrentHashMap<>();
        final AtomicLong singleRequests = new AtomicLong();
        final AtomicLong bulkRequests = new AtomicLong();
        final List<Integer> bulkCommandTypes = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong retries = new AtomicLong();
        final List<String> notAccepted = Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<Instant> firstSent = new AtomicReference<>();
        final AtomicReference<Instant> lastAccepted = new AtomicReference<>();
        final LatencyRecorder acceptNanos = new LatencyRecorder();
        final LatencyRecorder singleRequestNanos = new LatencyRecorder();
        final LatencyRecorder bulkRequestNanos = new LatencyRecorder();

        /** One request's commands, all accepted in one round trip of {@code nanos}: a sample per command and one for the request. */
        void accepted(List<Accepted> commands, long nanos) {
            for (Accepted command : commands) {
                accepted.add(command);
                acceptNanos.record(nanos);
            }
            (commands.get(0).bulk() ? bulkRequestNanos : singleRequestNanos).record(nanos);
            lastAccepted.accumulateAndGet(Instant.now(), (previous, now) -> previous == null || now.isAfter(previous) ? now : previous);
        }

        Result result() {
            return new Result(List.copyOf(accepted), Map.copyOf(productIds), singleRequests.get(), bulkRequests.get(),
                    List.copyOf(bulkCommandTypes), retries.get(), List.copyOf(notAccepted), firstSent.get(), lastAccepted.get(),
                    acceptNanos.samples(), new RouteLatencies(singleRequestNanos.samples(), bulkRequestNanos.samples()));
        }
    }

    /** One API user: its products round robin, one request at a time. */
    private final class Client {
        private final Outcome outcome;
        /** Paced: nanoseconds between this client's commands; 0 unpaced. */
        private final long commandIntervalNanos;
        private long nextDueNanos;
        private final ArrayDeque<Integer> rotation = new ArrayDeque<>();
        private final Map<Integer, ArrayDeque<PlannedCommand>> pending = new HashMap<>();
        private long singleCommands;
        private long bulkCommands;

        Client(int index, CommandPlan plan, Outcome outcome) {
            this.outcome = outcome;
            this.commandIntervalNanos = settings.offeredRate() > 0 ? (long) (settings.clients() * 1e9 / settings.offeredRate()) : 0;
            // Staggered, so that the clients' requests spread over the interval instead of arriving together.
            this.nextDueNanos = System.nanoTime() + commandIntervalNanos * index / settings.clients();
            for (int product = index; product < plan.products(); product += settings.clients()) {
                pending.put(product, new ArrayDeque<>(plan.commandsOf(product)));
                rotation.add(product);
            }
        }

        void run() {
            outcome.firstSent.compareAndSet(null, Instant.now());
            while (!rotation.isEmpty()) {
                // Keeps the bulk share of this client's commands near the setting, a whole bulk request at a time.
                if (bulkCommands < settings.bulkShare() * (singleCommands + bulkCommands + BULK_MAX)) {
                    sendBulk();
                } else {
                    sendSingle();
                }
            }
        }

        private void sendSingle() {
            int product = rotation.poll();
            PlannedCommand command = pending.get(product).poll();
            singleCommands++;
            boolean accepted = submitSingle(command, dueAt(1));
            requeue(product, accepted);
        }

        private void sendBulk() {
            List<PlannedCommand> batch = new ArrayList<>();
            while (batch.size() < BULK_MAX && !rotation.isEmpty()) {
                batch.add(pending.get(rotation.poll()).poll());
            }
            bulkCommands += batch.size();
            boolean accepted = submitBulk(batch, dueAt(batch.size()));
            batch.forEach(command -> requeue(command.productIndex(), accepted));
        }

        /**
         * When the next request, carrying {@code commands}, is due: now unpaced; paced, on the
         * client's schedule, after sleeping until then if it is ahead.
         */
        private long dueAt(int commands) {
            if (commandIntervalNanos == 0) {
                return System.nanoTime();
            }
            long due = nextDueNanos;
            nextDueNanos += commandIntervalNanos * commands;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                pause(Duration.ofNanos(wait));
            }
            return due;
        }

        /** A product whose command was not accepted gets no further commands: they would not apply. */
        private void requeue(int product, boolean accepted) {
            ArrayDeque<PlannedCommand> left = pending.get(product);
            if (!accepted) {
                left.forEach(skipped -> outcome.notAccepted.add("product " + product + " step " + skipped.step()
                        + ": skipped after an earlier command was not accepted"));
                left.clear();
            }
            if (!left.isEmpty()) {
                rotation.add(product);
            }
        }

        private boolean submitSingle(PlannedCommand command, long dueNanos) {
            String idempotencyKey = UUID.randomUUID().toString();
            HttpRequest.Builder request = baseRequest(pathOf(command)).header("Idempotency-Key", idempotencyKey);
            switch (command.kind()) {
                case CREATE -> request.POST(body(productFields(command)));
                case UPDATE -> request.method("PATCH", body(productFields(command)));
                case DELETE -> {
                    command.expectedVersion().ifPresent(version -> request.header("If-Match", "\"" + version + "\""));
                    request.DELETE();
                }
            }
            outcome.singleRequests.incrementAndGet();
            HttpResponse<String> response = send(request.build(), "product " + command.productIndex() + " step " + command.step());
            if (response == null) {
                return false;
            }
            long nanos = System.nanoTime() - dueNanos;
            if (response.statusCode() != 202) {
                outcome.notAccepted.add("product " + command.productIndex() + " step " + command.step() + ": HTTP "
                        + response.statusCode() + " " + abbreviate(response.body()));
                return false;
            }
            JsonNode answer = parse(response.body());
            UUID productId = UUID.fromString(answer.path("productId").asText());
            if (command.kind() == Kind.CREATE) {
                outcome.productIds.put(command.productIndex(), productId);
            }
            outcome.accepted(List.of(new Accepted(UUID.fromString(answer.path("commandId").asText()), command.productIndex(),
                    command.kind(), false)), nanos);
            return true;
        }

        private boolean submitBulk(List<PlannedCommand> batch, long dueNanos) {
            ObjectNode body = json.createObjectNode();
            ArrayNode items = body.putArray("commands");
            Set<Kind> kinds = new HashSet<>();
            for (PlannedCommand command : batch) {
                ObjectNode item = items.addObject().put("commandId", UUID.randomUUID().toString())
                        .put("type", "product." + command.kind().name().toLowerCase(java.util.Locale.ROOT));
                ObjectNode payload = command.kind() == Kind.DELETE ? json.createObjectNode() : productFields(command);
                if (command.kind() != Kind.CREATE) {
                    payload.put("productId", outcome.productIds.get(command.productIndex()).toString());
                }
                if (command.kind() == Kind.DELETE) {
                    command.expectedVersion().ifPresent(version -> payload.put("expectedVersion", version));
                }
                item.set("payload", payload);
                kinds.add(command.kind());
            }
            outcome.bulkRequests.incrementAndGet();
            outcome.bulkCommandTypes.add(kinds.size());
            String label = "bulk of " + batch.size() + " starting at product " + batch.get(0).productIndex();
            HttpResponse<String> response = send(baseRequest("/v1/commands").POST(body(body)).build(), label);
            if (response == null) {
                return false;
            }
            long nanos = System.nanoTime() - dueNanos;
            if (response.statusCode() != 202) {
                outcome.notAccepted.add(label + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                return false;
            }
            JsonNode answers = parse(response.body()).path("commands");
            List<Accepted> accepted = new ArrayList<>();
            for (int position = 0; position < batch.size(); position++) {
                PlannedCommand command = batch.get(position);
                JsonNode answer = answers.path(position);
                if (command.kind() == Kind.CREATE) {
                    outcome.productIds.put(command.productIndex(), UUID.fromString(answer.path("productId").asText()));
                }
                accepted.add(new Accepted(UUID.fromString(answer.path("commandId").asText()), command.productIndex(), command.kind(), true));
            }
            outcome.accepted(accepted, nanos);
            return true;
        }

        private String pathOf(PlannedCommand command) {
            return command.kind() == Kind.CREATE ? "/v1/products" : "/v1/products/" + outcome.productIds.get(command.productIndex());
        }

        private ObjectNode productFields(PlannedCommand command) {
            ObjectNode fields = json.createObjectNode().put("name", command.name());
            if (command.description() != null) {
                fields.put("description", command.description());
            }
            if (command.kind() == Kind.UPDATE) {
                command.expectedVersion().ifPresent(version -> fields.put("expectedVersion", version));
            }
            return fields;
        }

        /**
         * The response, retrying (the same request, so the same idempotency key or command ids) after
         * a 5xx or an I/O failure; null when every attempt failed.
         */
        private HttpResponse<String> send(HttpRequest request, String label) {
            String lastProblem = "";
            for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
                if (attempt > 1) {
                    outcome.retries.incrementAndGet();
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() < 500) {
                        return response;
                    }
                    lastProblem = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
                    pause(response.headers().firstValue("Retry-After").map(LoadGenerator::seconds).orElse(Duration.ofMillis(100L * attempt)));
                } catch (IOException e) {
                    lastProblem = e.toString();
                    pause(Duration.ofMillis(100L * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    lastProblem = "interrupted";
                    break;
                }
            }
            outcome.notAccepted.add(label + ": gave up after " + settings.maxAttempts() + " attempts, last " + lastProblem);
            return null;
        }
    }

    private HttpRequest.Builder baseRequest(String path) {
        return HttpRequest.newBuilder(settings.api().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + settings.bearerToken())
                .header("Content-Type", "application/json");
    }

    private HttpRequest.BodyPublisher body(JsonNode node) {
        return HttpRequest.BodyPublishers.ofString(node.toString());
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the API answered 202 with a body that is not JSON", e);
        }
    }

    /** At most one second: the API asks for a second, and a benchmark client should not wait longer. */
    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Math.min(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static void pause(Duration duration) {
        try {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
