package dev.catalog.command.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.command.Reply;
import dev.catalog.command.Reply.ErrorCode;
import dev.catalog.command.Reply.ReplyError;
import dev.catalog.command.Reply.ReplyStatus;
import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import dev.catalog.internal.Json;
import dev.catalog.local.lambda.LocalContext;
import dev.catalog.testsupport.DeclaredTables;
import java.time.Instant;
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

        CommandStatuses.Completion completion = statuses.complete(succeeded(commandId, productId, 1));
        assertEquals(CompletionOutcome.COMPLETED, completion.outcome());
        assertEquals(java.util.Optional.of(ACCEPTED_AT), completion.acceptedAt(), "for the accepted → completed latency");
        Map<String, AttributeValue> afterFirst = item(commandId);
        assertEquals(CompletionOutcome.ALREADY_COMPLETED, statuses.complete(succeeded(commandId, productId, 1)).outcome());
        assertEquals(CompletionOutcome.ALREADY_COMPLETED, statuses.complete(failed(commandId)).outcome());

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

        assertEquals(CompletionOutcome.COMPLETED, statuses.complete(failed(commandId)).outcome());

        Map<String, AttributeValue> item = item(commandId);
        assertEquals("FAILED", item.get("status").s());
        assertEquals("VERSION_CONFLICT", item.get("error").m().get("code").s());
        assertEquals("expected version 3, product is at version 4", item.get("error").m().get("message").s());
        assertFalse(item.containsKey("result"));
    }

    @Test
    void ignoresAReplyForAnUnknownCommandWithoutCreatingIt() {
        UUID commandId = UUID.randomUUID();

        assertEquals(CompletionOutcome.UNKNOWN_COMMAND, statuses.complete(succeeded(commandId, UUID.randomUUID(), 1)).outcome());

        assertTrue(item(commandId).isEmpty());
    }

    @Test
    void theHandlerCompletesTheSampleRepliesAndIgnoresTheUnknownCommand() {
        UUID created = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a01");
        UUID conflicted = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a02");
        UUID unknown = UUID.fromString("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a04");
        accepted(created);
        accepted(conflicted);
        CommandStatusWriterHandler handler = new CommandStatusWriterHandler(statuses);
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-command-status-batch.json");

        SQSBatchResponse first = handler.handleRequest(event, LocalContext.forTest("commandStatusWriter"));
        SQSBatchResponse redelivered = handler.handleRequest(event, LocalContext.forTest("commandStatusWriter"));

        assertEquals(1, first.getBatchItemFailures().size(), "only the poison message");
        assertEquals(1, redelivered.getBatchItemFailures().size());
        assertEquals("SUCCEEDED", item(created).get("status").s());
        assertEquals("FAILED", item(conflicted).get("status").s());
        assertTrue(item(unknown).isEmpty());
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
                "ttl", AttributeValue.fromN(Long.toString(ACCEPTED_AT.plusSeconds(7 * 86_400).getEpochSecond())))));
    }

    private static Reply succeeded(UUID commandId, UUID productId, long version) {
        ObjectNode result = Json.mapper().createObjectNode().put("productId", productId.toString()).put("version", version);
        return new Reply(commandId, "product.update", ReplyStatus.SUCCEEDED, "user-7f3c", "corr-1", COMPLETED_AT, result, null);
    }

    private static Reply failed(UUID commandId) {
        return new Reply(commandId, "product.update", ReplyStatus.FAILED, "user-7f3c", "corr-1", COMPLETED_AT, null,
                new ReplyError(ErrorCode.VERSION_CONFLICT, "expected version 3, product is at version 4"));
    }

    private static Map<String, AttributeValue> item(UUID commandId) {
        return tables.dynamoDb().getItem(request -> request.tableName(tableName)
                .key(Map.of("pk", AttributeValue.fromS("command#" + commandId))).consistentRead(true)).item();
    }
}
