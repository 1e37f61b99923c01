package dev.catalog.local.devtools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.metrics.Metric;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.aws.dynamodb.DynamoDbWriterThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The developer endpoints under /_local/ on the runtime booted as {@code make local} boots it: the
 * project's serverless.yml, options parsed from the command line, handlers hot-reloadable from
 * target/classes.
 */
class LocalDevToolsE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalRuntime runtime;
    private static List<Thread> sqliteThreadsBefore;

    @BeforeAll
    static void boot() throws Exception {
        sqliteThreadsBefore = DynamoDbWriterThreads.alive();
        LocalOptions options = LocalOptions.parse(new String[] {"--port", "0", "--retry-delay", "1"}, Optional.empty());
        assertTrue(options.hotReloadClasses().isPresent(), "make local reloads handlers unless told not to");
        assertEquals(LocalOptions.FunctionMode.IN_PROCESS, options.functionMode(), "in process unless told otherwise");
        LocalOptions asLambda = LocalOptions.parse(new String[] {"--mode", "lambda"}, Optional.empty());
        assertEquals(LocalOptions.FunctionMode.LAMBDA_RUNTIME, asLambda.functionMode());
        assertTrue(asLambda.hotReloadClasses().isEmpty(), "the packaged artifact does not reload");
        runtime = LocalRuntime.start(options);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theRuntimeRaisesTheSqliteThreadOfItsDynamoDbLocal() {
        List<Thread> started = DynamoDbWriterThreads.alive().stream().filter(thread -> !sqliteThreadsBefore.contains(thread)).toList();

        assertFalse(started.isEmpty(), "the runtime's DynamoDB Local has no SQLite thread");
        assertTrue(started.stream().allMatch(thread -> thread.getPriority() == Thread.MAX_PRIORITY), started.toString());
    }

    @Test
    void statusShowsTheDeclaredTopologyWithLiveDepths() throws Exception {
        JsonNode topology = status().get("topology");

        assertTrue(find(topology.get("routes"), "route", "POST /v1/products").get("function").asText().equals("createProduct"),
                topology.get("routes").toString());
        JsonNode commandsTopic = find(topology.get("topics"), "name", "catalog-dev-commands.fifo");
        JsonNode toWorker = find(commandsTopic.get("subscriptions"), "target", "catalog-dev-product-commands.fifo");
        assertTrue(toWorker.get("raw").asBoolean());
        JsonNode queue = find(topology.get("queues"), "name", "catalog-dev-product-commands.fifo");
        assertEquals("catalog-dev-product-commands-dlq.fifo", queue.get("deadLetterQueue").asText());
        assertEquals("productWorker", queue.get("consumers").get(0).asText());
        assertTrue(queue.has("visible") && queue.has("inFlight"));
        assertTrue(StreamSupport.stream(topology.get("tables").spliterator(), false).anyMatch(t -> t.asText().equals("catalog-dev-commands")));
        JsonNode alertsTopic = find(topology.get("topics"), "name", "catalog-dev-alerts");
        assertTrue(alertsTopic.get("subscriptions").toString().contains("\"protocol\":\"email\""), alertsTopic.toString());
        assertTrue(status().get("alarms").size() >= 1);
        assertTrue(status().get("functionMode").asText().startsWith("in-process"), status().get("functionMode").toString());
    }

    @Test
    void aCommandThroughTheApiShowsItsTimelineAndTheInvocations() throws Exception {
        long testStarted = System.nanoTime();
        double acceptedBefore = runtime.metrics().total(Metric.COMMANDS_ACCEPTED, null);
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + "/v1/products"))
                .header("authorization", "Bearer " + runtime.tokens().get("editor")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Status desk\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String commandId = JSON.readTree(accepted.body()).get("commandId").asText();

        JsonNode command = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> findOrNull(status().get("commands"), "commandId", commandId),
                        found -> found != null && found.get("timeline").get(2).get("done").asBoolean());
        assertEquals("SUCCEEDED", command.get("status").asText());
        assertEquals("accepted processed projected", StreamSupport.stream(command.get("timeline").spliterator(), false)
                .map(step -> step.get("step").asText()).reduce((a, b) -> a + " " + b).orElseThrow());
        JsonNode status = status();
        assertTrue(status.get("metrics").get("createProduct").get("invocations").asLong() >= 1);
        assertTrue(status.get("metrics").get("productWorker").get("ok").asLong() >= 1);
        // Reloadable handlers record into the same in-memory metrics the runtime reports.
        assertEquals(acceptedBefore + 1, runtime.metrics().total(Metric.COMMANDS_ACCEPTED, null));
        // Each invocation shown is the runtime's own record, with its measured duration: the createProduct that accepted
        // the command took time, and no longer than the test has been running.
        long testMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - testStarted);
        JsonNode create = StreamSupport.stream(status.get("invocations").spliterator(), false)
                .filter(invocation -> invocation.get("function").asText().equals("createProduct")).findFirst().orElseThrow();
        Invocation recorded = runtime.invocations().stream()
                .filter(invocation -> invocation.requestId().equals(create.get("requestId").asText())).findFirst().orElseThrow();
        assertEquals(recorded.duration().toMillis(), create.get("durationMs").asLong(), create.toString());
        assertTrue(recorded.duration().toNanos() > 0 && create.get("durationMs").asLong() <= testMillis, create.toString());
        assertEquals("ok", create.get("outcome").asText());
        assertEquals("httpApi", create.get("trigger").asText());
    }

    @Test
    void redriveMovesDeadLettersBackAndTheyAreProcessed() throws Exception {
        StrandedCommand stranded = StrandedCommand.strand(runtime, "Redriven lamp");
        JsonNode deadLetters = find(status().get("deadLetters"), "queue", StrandedCommand.DEAD_LETTER_QUEUE);
        assertEquals("catalog-dev-product-commands.fifo", deadLetters.get("source").asText());
        assertTrue(deadLetters.get("messages").toString().contains(stranded.commandId()), "peeked, not consumed");
        assertTrue(status().toString().contains(stranded.commandId()), "still there on the next look");

        HttpResponse<String> redrive = post("/_local/redrive?queue=" + StrandedCommand.DEAD_LETTER_QUEUE, "");

        assertEquals(200, redrive.statusCode(), redrive.body());
        assertEquals(1, JSON.readTree(redrive.body()).get("moved").asInt(), redrive.body());
        await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCEEDED".equals(stranded.status(runtime)));
        assertEquals(0, find(status().get("deadLetters"), "queue", StrandedCommand.DEAD_LETTER_QUEUE).get("depth").asInt());
    }

    @Test
    void redriveOfAQueueThatIsNoDeadLetterQueueIsRefused() throws Exception {
        assertEquals(409, post("/_local/redrive?queue=catalog-dev-product-commands.fifo", "").statusCode());
        assertEquals(404, post("/_local/redrive?queue=no-such-queue", "").statusCode());
    }

    @Test
    void invokeRunsOneFunctionWithASampleEventAndAnswersItsResponseAndLogs() throws Exception {
        long roundTripStarted = System.nanoTime();
        HttpResponse<String> invoked = post("/_local/invoke/productWorker",
                Files.readString(Path.of("events/sqs-product-commands-batch.json")));

        long roundTripMillis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundTripStarted);
        assertEquals(200, invoked.statusCode(), invoked.body());
        JsonNode answer = JSON.readTree(invoked.body());
        assertEquals("ok", answer.get("outcome").asText());
        // The duration is the function's own: at least a millisecond for a batch of commands written to PostgreSQL, at most the round trip.
        assertTrue(answer.get("durationMs").asLong() >= 1 && answer.get("durationMs").asLong() <= roundTripMillis, invoked.body());
        assertTrue(answer.has("response"));
        HttpResponse<String> text = post("/_local/invoke/getCommand?format=text", Files.readString(Path.of("events/apigw-get-command.json")));
        assertTrue(text.body().startsWith("getCommand: "), text.body());
        assertTrue(text.body().contains("--- response"), text.body());
        assertEquals(404, post("/_local/invoke/noSuchFunction", "{}").statusCode());
    }

    @Test
    void thePageIsServed() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + "/_local/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"topology\"") && page.body().contains("fetch(\"status\""));
    }

    private static JsonNode status() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + "/_local/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        JsonNode found = findOrNull(array, field, value);
        assertTrue(found != null, "no " + field + "=" + value + " in " + array);
        return found;
    }

    private static JsonNode findOrNull(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText())) {
                return element;
            }
        }
        return null;
    }
}
