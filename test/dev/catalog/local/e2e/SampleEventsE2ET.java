package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.cloudformation.LocalCustomResources;
import dev.catalog.local.runtime.functions.LocalFunction;
import dev.catalog.local.aws.cloudformation.CustomResource;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sample of {@code events/samples.properties} served to its function on the local runtime, as
 * {@code make bench-coldstart} serves it: HTTP samples get past authorisation and validation, queue
 * samples fail no message but the deliberately malformed ones, the schedule runs.
 */
class SampleEventsE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRuntime runtime;
    private static Properties samples;

    @BeforeAll
    static void boot() throws Exception {
        samples = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("events/samples.properties"))) {
            samples.load(reader);
        }
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyFunctionServesItsSample() throws Exception {
        for (String name : new TreeSet<>(samples.stringPropertyNames())) {
            LocalFunction function = runtime.function(name).orElseThrow(() -> new AssertionError("no function " + name));
            Object event = EventLoader.loadEvent(samples.getProperty(name), function.eventType());
            int batchSize = event instanceof SQSEvent sqs ? sqs.getRecords().size() : 1;
            if (event instanceof Map<?, ?> request && request.containsKey("ResponseURL")) {
                updateTheCustomResourceAgain(name, function, request);
                continue;
            }

            Object response = function.invoke("sample", batchSize, event);

            if (response instanceof APIGatewayV2HTTPResponse http) {
                assertTrue(http.getStatusCode() < 500 && !Set.of(400, 401, 403).contains(http.getStatusCode()),
                        name + " answered " + http.getStatusCode() + ": " + http.getBody());
            } else if (response instanceof SQSBatchResponse batch) {
                assertEquals(malformedAndBlockedBehindThem((SQSEvent) event),
                        batch.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(),
                        name + ": only the deliberately malformed messages fail");
            }
        }
    }

    /**
     * A custom resource's sample (an Update) aimed at the resource the runtime created at start-up,
     * with a ResponseURL that takes the answer: it succeeds, keeps the physical id and, the schema
     * being current, applies nothing.
     */
    @SuppressWarnings("unchecked")
    private static void updateTheCustomResourceAgain(String name, LocalFunction function, Map<?, ?> sample) throws Exception {
        CustomResource declared = runtime.declaredCustomResources().stream().filter(resource -> resource.functionName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no custom resource runs " + name));
        try (LocalCustomResources cloudFormation = new LocalCustomResources(runtime.config().region(), LocalRuntime.LOCAL_ACCOUNT_ID,
                "catalog-dev")) {
            LocalCustomResources.Created updated = cloudFormation.send(declared, request -> function.invoke("cloudformation", 1, request), cloudFormation.aim((Map<String, Object>) sample, declared));
            assertEquals(sample.get("PhysicalResourceId"), updated.physicalResourceId(), name);
            assertEquals("0", updated.data().get("MigrationsApplied"), name + ": " + updated.data());
        }
    }

    /** The malformed messages (not JSON), and on a FIFO queue the later messages of their group, which must wait for them. */
    private static List<String> malformedAndBlockedBehindThem(SQSEvent event) {
        Set<String> blockedGroups = new java.util.HashSet<>();
        List<String> failing = new java.util.ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String group = message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
            if (!message.getBody().startsWith("{") || (group != null && blockedGroups.contains(group))) {
                failing.add(message.getMessageId());
                if (group != null) {
                    blockedGroups.add(group);
                }
            }
        }
        return failing;
    }

    /** The attachment worker's sample deletes attachments nobody uploaded here: each one fails with its own code. */
    @Test
    void theAttachmentWorkersSampleRepliesAttachmentNotFound() throws Exception {
        LocalFunction worker = runtime.function("attachmentWorker").orElseThrow();
        SQSEvent event = EventLoader.loadSQSEvent(samples.getProperty("attachmentWorker"));
        worker.invoke("sample", event.getRecords().size(), event);

        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String commandId = JSON.readTree(message.getBody()).get("commandId").asText();
            JsonNode reply = replyInOutbox(commandId);
            assertEquals("FAILED", reply.get("status").asText(), reply.toString());
            assertEquals("ATTACHMENT_NOT_FOUND", reply.at("/error/code").asText(), reply.toString());
        }
    }

    private static JsonNode replyInOutbox(String commandId) throws Exception {
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT body::text FROM outbox WHERE topic = 'replies' AND deduplication_id = ?")) {
            select.setString(1, commandId);
            ResultSet row = select.executeQuery();
            assertTrue(row.next(), "a reply for " + commandId);
            JsonNode reply = JSON.readTree(row.getString(1));
            assertFalse(row.next(), "one reply for " + commandId);
            return reply;
        }
    }
}
