package dev.catalog.command.status;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ErrorCode;
import dev.catalog.messaging.Reply.ReplyError;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.testsupport.DeclaredTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The status writer against DynamoDB Local, with CommandsTable as serverless.yml declares it. */
class DynamoDbCommandStatusesIT {
    private static final Instant ACCEPTED_AT = Instant.parse("2026-11-21T09:15:02.114Z");
    private static final Instant COMPLETED_AT = Instant.parse("2026-11-21T09:15:03.050Z");
    private static DeclaredTables tables;
    private static DynamoDbCommandStatuses statuses;
    private static String tableName;

    @BeforeAll
    static void createTable() throws Exception {
        tables = DeclaredTables.start("CommandsTable");
        tableName = tables.tableName("CommandsTable");
        statuses = new DynamoDbCommandStatuses(tables.dynamoDb(), tableName);
    }

    @AfterAll
    static void stop() throws Exception {
        tables.close();
    }

    @Test
    void movesAnAcceptedCommandToSucceededOnce() {
        UUID commandId = accepted();
        UUID productId = UUID.randomUUID();

        assertEquals(CompletionOutcome.COMPLETED, complete(succeeded(commandId, productId, 1)));
        Map<String, AttributeValue> afterFirst = item(commandId);
        assertEquals(CompletionOutcome.ALREADY_COMPLETED, complete(succeeded(commandId, productId, 1)));
        assertEquals(CompletionOutcome.ALREADY_COMPLETED, complete(failed(commandId)));

        assertEquals(afterFirst, item(commandId), "a duplicate or contradicting reply changes nothing");
        assertEquals("SUCCEEDED", afterFirst.get("status").s());
        assertEquals(COMPLETED_AT.toString(), afterFirst.get("completedAt").s());
        assertEquals(productId.toString(), afterFirst.get("result").m().get("productId").s());
        assertEquals("1", afterFirst.get("result").m().get("version").n());
        assertFalse(afterFirst.containsKey("error"));
        assertEquals(ACCEPTED_AT.toString(), afterFirst.get("acceptedAt").s(), "the API's attributes stay");
    }

    @Test
    void movesAnAcceptedCommandToFailedWithItsError() {
        UUID commandId = accepted();

        assertEquals(CompletionOutcome.COMPLETED, complete(failed(commandId)));

        Map<String, AttributeValue> item = item(commandId);
        assertEquals("FAILED", item.get("status").s());
        assertEquals("VERSION_CONFLICT", item.get("error").m().get("code").s());
        assertEquals("expected version 3, product is at version 4", item.get("error").m().get("message").s());
        assertFalse(item.containsKey("result"));
    }

    @Test
    void ignoresAReplyForAnUnknownCommandWithoutCreatingIt() {
        UUID commandId = UUID.randomUUID();

        assertEquals(CompletionOutcome.UNKNOWN_COMMAND, complete(succeeded(commandId, UUID.randomUUID(), 1)));

        assertTrue(item(commandId).isEmpty());
    }

    @Test
    void theHandlerCompletesTheSampleRepliesAndIgnoresTheUnknownCommand() {
        UUID created = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a01");
        UUID conflicted = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a02");
        UUID unknown = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a04");
        accepted(created);
        accepted(conflicted);
        CommandStatusWriterHandler handler = new CommandStatusWriterHandler(statuses, Metrics.none());
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-command-status-batch.json");

        SQSBatchResponse first = handler.handleRequest(event, LocalContext.forTest("commandStatusWriter"));
        SQSBatchResponse redelivered = handler.handleRequest(event, LocalContext.forTest("commandStatusWriter"));

        assertEquals(1, first.getBatchItemFailures().size(), "only the poison message");
        assertEquals(1, redelivered.getBatchItemFailures().size());
        assertEquals("SUCCEEDED", item(created).get("status").s());
        assertEquals("FAILED", item(conflicted).get("status").s());
        assertTrue(item(unknown).isEmpty());
    }

    @Test
    void oneBatchCompletesFindsCompletedAndUnknownCommandsAndAppliesTwoRepliesOfOneCommandInOrder() {
        UUID fresh = accepted();
        UUID done = accepted();
        complete(failed(done));
        Map<String, AttributeValue> doneBefore = item(done);
        UUID unknown = UUID.randomUUID();
        UUID twice = accepted();
        UUID productId = UUID.randomUUID();

        List<CompletionOutcome> outcomes = outcomes(statuses.completeAll(List.of(
                succeeded(twice, productId, 2), succeeded(fresh, productId, 1), succeeded(done, productId, 1),
                succeeded(unknown, productId, 1), failed(twice))));

        assertEquals(List.of(CompletionOutcome.COMPLETED, CompletionOutcome.COMPLETED, CompletionOutcome.ALREADY_COMPLETED,
                CompletionOutcome.UNKNOWN_COMMAND, CompletionOutcome.ALREADY_COMPLETED), outcomes);
        assertEquals("SUCCEEDED", item(twice).get("status").s(), "the first of the two replies wins");
        assertEquals("2", item(twice).get("result").m().get("version").n());
        assertFalse(item(twice).containsKey("error"));
        assertEquals("SUCCEEDED", item(fresh).get("status").s());
        assertEquals(doneBefore, item(done));
        assertTrue(item(unknown).isEmpty(), "a reply never creates a command");
    }

    @Test
    void moreRepliesThanOneRequestTakesAreAllCompleted() {
        List<UUID> commandIds = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            commandIds.add(accepted());
        }

        List<CommandStatuses.Completion> completions = statuses.completeAll(commandIds.stream()
                .map(commandId -> succeeded(commandId, UUID.randomUUID(), 1)).toList());

        assertEquals(Collections.nCopies(61, CompletionOutcome.COMPLETED), outcomes(completions));
        assertTrue(commandIds.stream().allMatch(commandId -> item(commandId).get("status").s().equals("SUCCEEDED")));
    }

    @Test
    void aStatementTheTableRejectsFailsOnlyItsOwnReply() {
        UUID before = accepted();
        UUID tooLarge = accepted();
        UUID after = accepted();
        // The command item is already near DynamoDB's 400 KB item limit: its update fails on its own, with
        // a code that is no condition failure, while the request as a whole is valid.
        tables.dynamoDb().updateItem(request -> request.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS("command#" + tooLarge)))
                .updateExpression("SET padding = :padding")
                .expressionAttributeValues(Map.of(":padding", AttributeValue.fromS("x".repeat(395_000)))));
        Reply growsTooLarge = new Reply(tooLarge, "product.update", ReplyStatus.FAILED, "user-7f3c", "corr-1", COMPLETED_AT, null,
                new ReplyError(ErrorCode.VALIDATION, "y".repeat(20_000)), ACCEPTED_AT);

        List<CommandStatuses.Completion> completions = statuses.completeAll(List.of(
                succeeded(before, UUID.randomUUID(), 1), growsTooLarge, failed(after)));

        assertEquals(List.of(CompletionOutcome.COMPLETED, CompletionOutcome.NOT_WRITTEN, CompletionOutcome.COMPLETED),
                outcomes(completions), completions.toString());
        assertEquals(java.util.Optional.of("ValidationError"), completions.get(1).storeError());
        assertEquals("ACCEPTED", item(tooLarge).get("status").s(), "left for the retry");
        assertEquals("SUCCEEDED", item(before).get("status").s());
        assertEquals("FAILED", item(after).get("status").s());
    }

    @Test
    void aRequestTheTableCannotAnswerFailsEveryReplyOfIt() {
        UUID commandId = accepted();
        DynamoDbCommandStatuses missingTable = new DynamoDbCommandStatuses(tables.dynamoDb(), tableName + "-missing");

        List<CommandStatuses.Completion> completions = missingTable.completeAll(List.of(
                succeeded(commandId, UUID.randomUUID(), 1), failed(UUID.randomUUID())));

        assertEquals(List.of(CompletionOutcome.NOT_WRITTEN, CompletionOutcome.NOT_WRITTEN), outcomes(completions));
        assertEquals("ACCEPTED", item(commandId).get("status").s());
    }

    @Test
    void chunksNeverNameAKeyTwiceKeepEachKeysOrderAndHoldAtMostTheLimit() {
        List<String> keys = List.of("a", "b", "a", "c", "a", "d", "e");

        List<List<Integer>> chunks = DynamoDbCommandStatuses.chunks(keys, 3);

        assertEquals(List.of(List.of(0, 1, 3), List.of(5, 6), List.of(2), List.of(4)), chunks);
    }

    private static CompletionOutcome complete(Reply reply) {
        return statuses.completeAll(List.of(reply)).get(0).outcome();
    }

    private static List<CompletionOutcome> outcomes(List<CommandStatuses.Completion> completions) {
        return completions.stream().map(CommandStatuses.Completion::outcome).toList();
    }

    private static UUID accepted() {
        UUID commandId = UUID.randomUUID();
        accepted(commandId);
        return commandId;
    }

    /** The item as the command API writes it. */
    private static void accepted(UUID commandId) {
        tables.dynamoDb().putItem(request -> request.tableName(tableName).item(Map.of(
                "pk", AttributeValue.fromS("command#" + commandId),
                "commandId", AttributeValue.fromS(commandId.toString()),
                "type", AttributeValue.fromS("product.update"),
                "status", AttributeValue.fromS("ACCEPTED"),
                "actor", AttributeValue.fromS("user-7f3c"),
                "correlationId", AttributeValue.fromS("corr-1"),
                "acceptedAt", AttributeValue.fromS(ACCEPTED_AT.toString()),
                // From now, not from the fixed ACCEPTED_AT: DynamoDB Local deletes items whose ttl has passed,
                // and a week after ACCEPTED_AT the seeded commands vanished mid-test.
                "ttl", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(7 * 86_400).getEpochSecond())))));
    }

    private static Reply succeeded(UUID commandId, UUID productId, long version) {
        ObjectNode result = Json.mapper().createObjectNode().put("productId", productId.toString()).put("version", version);
        return new Reply(commandId, "product.update", ReplyStatus.SUCCEEDED, "user-7f3c", "corr-1", COMPLETED_AT, result, null, ACCEPTED_AT);
    }

    private static Reply failed(UUID commandId) {
        return new Reply(commandId, "product.update", ReplyStatus.FAILED, "user-7f3c", "corr-1", COMPLETED_AT, null,
                new ReplyError(ErrorCode.VERSION_CONFLICT, "expected version 3, product is at version 4"), ACCEPTED_AT);
    }

    private static Map<String, AttributeValue> item(UUID commandId) {
        return tables.dynamoDb().getItem(request -> request.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS("command#" + commandId))).consistentRead(true)).item();
    }
}
