package dev.catalog.command.status;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import dev.catalog.metrics.EmfMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CommandStatusWriterHandlerTest {
    private static final String POISON = "c4a2e9d0-0003-4f6b-a1c3-5d7e9f1a3b03";

    private final List<Reply> completed = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private Function<Reply, CommandStatuses.Completion> outcome = reply -> CommandStatuses.Completion.of(CompletionOutcome.COMPLETED);
    private final RecordingLogger logger = new RecordingLogger();
    private final CommandStatusWriterHandler handler = new CommandStatusWriterHandler(replies -> {
        batchSizes.add(replies.size());
        completed.addAll(replies);
        return replies.stream().map(outcome).toList();
    }, Metrics.none());

    @Test
    void completesEveryReplyAndFailsOnlyThePoisonMessage() {
        SQSBatchResponse response = handle(sample());

        assertEquals(List.of(POISON), failedIds(response), "a standard queue has no groups: later messages go on");
        assertEquals(List.of(3), batchSizes, "the valid replies go to the store together");
        assertEquals(List.of("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a01", "6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a02",
                "6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a04"), completed.stream().map(reply -> reply.commandId().toString()).toList());
        assertEquals(ReplyStatus.FAILED, completed.get(1).status());
        assertEquals(Reply.ErrorCode.VERSION_CONFLICT, completed.get(1).error().code());
        assertEquals(1, completed.get(0).result().get("version").asInt());
    }

    @Test
    void treatsDuplicateAndUnknownCommandsAsSuccess() {
        outcome = reply -> CommandStatuses.Completion.of(reply.commandId().toString().endsWith("01")
                ? CompletionOutcome.ALREADY_COMPLETED : CompletionOutcome.UNKNOWN_COMMAND);

        SQSBatchResponse response = handle(sample());

        assertEquals(List.of(POISON), failedIds(response));
        assertTrue(logger.all().contains("\"outcome\":\"UNKNOWN_COMMAND\""), logger.all());
        // A duplicate is normal: counted on the batch's line. An unknown command gets a line of its own.
        assertTrue(logger.all().contains("\"ALREADY_COMPLETED\":1"), logger.all());
        assertFalse(logger.all().contains("\"outcome\":\"ALREADY_COMPLETED\""), logger.all());
    }

    @Test
    void failsExactlyTheMessagesTheTableDidNotTakeInMessageOrder() {
        outcome = reply -> reply.commandId().toString().endsWith("01") || reply.commandId().toString().endsWith("04")
                ? CommandStatuses.Completion.notWritten("ThrottlingError")
                : CommandStatuses.Completion.of(CompletionOutcome.COMPLETED);

        SQSBatchResponse response = handle(sample());

        assertEquals(List.of("c4a2e9d0-0001-4f6b-a1c3-5d7e9f1a3b01", POISON, "c4a2e9d0-0004-4f6b-a1c3-5d7e9f1a3b04"),
                failedIds(response));
        assertTrue(logger.all().contains("\"error\":\"ThrottlingError\""), logger.all());
        assertTrue(logger.all().contains("\"outcome\":\"NOT_WRITTEN\""), logger.all());
    }

    @Test
    void onAFifoQueueAFailedReplyAlsoFailsTheLaterRepliesOfItsGroupButNotTheEarlierOnes() {
        SQSEvent event = sample();
        event.getRecords().forEach(message -> {
            Map<String, String> attributes = new HashMap<>(message.getAttributes());
            attributes.put("MessageGroupId", "one-group");
            message.setAttributes(attributes);
        });
        outcome = reply -> reply.commandId().toString().endsWith("02")
                ? CommandStatuses.Completion.notWritten("InternalServerError")
                : CommandStatuses.Completion.of(CompletionOutcome.COMPLETED);

        SQSBatchResponse response = handle(event);

        assertEquals(List.of("c4a2e9d0-0002-4f6b-a1c3-5d7e9f1a3b02", POISON, "c4a2e9d0-0004-4f6b-a1c3-5d7e9f1a3b04"),
                failedIds(response), "the first message, before the failure, stays done");
    }

    @Test
    void aBatchOfOnlyMalformedMessagesNeverCallsTheStore() {
        SQSEvent event = sample();
        event.setRecords(event.getRecords().stream().filter(message -> message.getMessageId().equals(POISON)).toList());

        SQSBatchResponse response = handle(event);

        assertEquals(List.of(POISON), failedIds(response));
        assertTrue(batchSizes.isEmpty());
    }

    @Test
    void logsIdsButNeverErrorMessagesOrBodies() {
        handle(sample());

        assertTrue(logger.all().contains("\"message\":\"status batch done\""), logger.all());
        assertFalse(logger.all().contains("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a02"), "a completion is counted, not logged: " + logger.all());
        assertFalse(logger.all().contains("expected version 3"), logger.all());
        assertFalse(logger.all().contains("this body is"), logger.all());
    }

    @Test
    void rejectsRepliesWhoseOutcomeDoesNotMatchTheirStatus() {
        String succeededWithoutResult = """
                {"commandId":"6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a01","type":"product.create","status":"SUCCEEDED",
                 "actor":"user-7f3c","correlationId":"c","completedAt":"2026-11-21T09:15:03Z"}""";
        String failedWithoutError = succeededWithoutResult.replace("SUCCEEDED", "FAILED");
        String unknownCode = failedWithoutError.replace("}", ",\"error\":{\"code\":\"OOPS\",\"message\":\"m\"}}");

        for (String body : List.of(succeededWithoutResult, failedWithoutError, unknownCode)) {
            assertThrows(MalformedMessageException.class, () -> ReplyMessage.parse(Json.mapper(), body), body);
        }
    }

    @Test
    void emitsSucceededFailedLatencyAndDuplicatesAsEmbeddedMetrics() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        // The sample replies were accepted at 09:15:02.800Z and completed at 09:15:03.050Z: the latency comes from the reply.
        CommandStatusWriterHandler measured = new CommandStatusWriterHandler(replies -> replies.stream()
                .map(reply -> CommandStatuses.Completion.of(reply.commandId().toString().endsWith("04")
                        ? CompletionOutcome.ALREADY_COMPLETED : CompletionOutcome.COMPLETED)).toList(),
                new EmfMetrics("dev", new PrintStream(stdout, true, StandardCharsets.UTF_8), Clock.systemUTC()));

        measured.handleRequest(sample(), LocalContext.forTest("commandStatusWriter"));

        Map<String, JsonNode> byType = new HashMap<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode document = Json.mapper().readTree(line);
            byType.put(document.get("commandType").asText(), document);
        }
        assertEquals(1.0, byType.get("product.create").get("CommandsSucceeded").asDouble());
        assertEquals(250.0, byType.get("product.create").get("CommandLatency").asDouble());
        assertEquals(1.0, byType.get("product.update").get("CommandsFailed").asDouble());
        assertEquals(250.0, byType.get("product.update").get("CommandLatency").asDouble());
        assertEquals(1.0, byType.get("product.delete").get("DuplicateDeliveries").asDouble());
        assertFalse(byType.get("product.delete").has("CommandsSucceeded"), "a duplicate reply is not a second success");
        assertEquals("Catalog/dev", byType.get("product.create").at("/_aws/CloudWatchMetrics/0/Namespace").asText());
    }

    private SQSBatchResponse handle(SQSEvent event) {
        return handler.handleRequest(event,
                new LocalContext("request-1", "commandStatusWriter", 1024, Instant.now().plusSeconds(60), Clock.systemUTC(), logger));
    }

    private static SQSEvent sample() {
        return EventLoader.loadSQSEvent("events/sqs-command-status-batch.json");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }
}
