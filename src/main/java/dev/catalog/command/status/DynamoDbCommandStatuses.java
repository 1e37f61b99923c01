package dev.catalog.command.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.command.CommandsTable;
import dev.catalog.command.CommandStatus;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ReplyStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Command statuses in the DynamoDB commands table ({@link CommandsTable}), written with
 * BatchExecuteStatement: one request completes up to {@value #MAX_STATEMENTS} replies, each a
 * conditional PartiQL UPDATE with its own outcome.
 */
final class DynamoDbCommandStatuses implements CommandStatuses {
    /** DynamoDB's limit of statements per BatchExecuteStatement. */
    static final int MAX_STATEMENTS = 25;

    private final DynamoDbClient dynamoDb;
    private final String succeededStatement;
    private final String failedStatement;

    /** The function's commands table. */
    public static DynamoDbCommandStatuses from(FunctionEnvironment environment) {
        return new DynamoDbCommandStatuses(environment.clients().dynamoDb(), environment.settings().requireCommandsTable());
    }

    public DynamoDbCommandStatuses(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        // The table name comes from the deployment, never from a message; every value is a parameter.
        // A PartiQL UPDATE never creates an item: a missing command fails the status condition.
        String table = "\"" + tableName.replace("\"", "\"\"") + "\"";
        this.succeededStatement = completion(table, CommandsTable.RESULT);
        this.failedStatement = completion(table, CommandsTable.ERROR);
    }

    /** Sets the status, completion time and {@code outcome} (result or error) of a command still ACCEPTED. */
    private static String completion(String table, String outcome) {
        return "UPDATE " + table + " SET " + quoted(CommandsTable.STATUS) + " = ? SET " + quoted(CommandsTable.COMPLETED_AT) + " = ? SET "
                + quoted(outcome) + " = ? WHERE " + quoted(CommandsTable.PARTITION_KEY) + " = ? AND " + quoted(CommandsTable.STATUS) + " = ?";
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    @Override
    public List<Completion> completeAll(List<Reply> replies) {
        Completion[] completions = new Completion[replies.size()];
        for (List<Integer> chunk : chunks(replies.stream().map(Reply::commandId).toList(), MAX_STATEMENTS)) {
            execute(chunk, replies, completions);
        }
        return Arrays.asList(completions);
    }

    /**
     * Positions of {@code keys} in requests of at most {@code size}, none naming a key twice
     * (DynamoDB rejects such a batch, possibly after applying part of it): the n-th occurrence of a
     * key goes into the n-th round of chunks, so the replies of one command also keep their order.
     */
    static <K> List<List<Integer>> chunks(List<K> keys, int size) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<K, Integer> seen = new HashMap<>();
        for (int position = 0; position < keys.size(); position++) {
            int round = seen.merge(keys.get(position), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(position);
        }
        List<List<Integer>> chunks = new ArrayList<>();
        for (List<Integer> round : rounds) {
            for (int from = 0; from < round.size(); from += size) {
                chunks.add(round.subList(from, Math.min(round.size(), from + size)));
            }
        }
        return chunks;
    }

    private void execute(List<Integer> chunk, List<Reply> replies, Completion[] completions) {
        List<BatchStatementRequest> statements = chunk.stream().map(position -> statement(replies.get(position))).toList();
        List<BatchStatementResponse> responses;
        try {
            responses = dynamoDb.batchExecuteStatement(request -> request.statements(statements)).responses();
        } catch (SdkException e) {
            chunk.forEach(position -> completions[position] = Completion.notWritten(e.getClass().getSimpleName()));
            return;
        }
        for (int index = 0; index < chunk.size(); index++) {
            completions[chunk.get(index)] = index < responses.size()
                    ? completion(responses.get(index))
                    : Completion.notWritten("MissingStatementResponse");
        }
    }

    private BatchStatementRequest statement(Reply reply) {
        AttributeValue outcome = reply.status() == ReplyStatus.SUCCEEDED
                ? attribute(reply.result())
                : AttributeValue.fromM(Map.of(
                        CommandsTable.ERROR_CODE, AttributeValue.fromS(reply.error().code().name()),
                        CommandsTable.ERROR_MESSAGE, AttributeValue.fromS(reply.error().message())));
        return BatchStatementRequest.builder()
                .statement(reply.status() == ReplyStatus.SUCCEEDED ? succeededStatement : failedStatement)
                .parameters(AttributeValue.fromS(reply.status().name()), AttributeValue.fromS(reply.completedAt().toString()), outcome,
                        AttributeValue.fromS(CommandsTable.partitionKey(reply.commandId())), AttributeValue.fromS(CommandStatus.ACCEPTED.name()))
                // The old item tells a completed command (present) from an unknown one (absent).
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private static Completion completion(BatchStatementResponse response) {
        BatchStatementError error = response.error();
        if (error == null) {
            return Completion.of(CompletionOutcome.COMPLETED);
        }
        if (error.code() == BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
            return Completion.of(error.hasItem() && !error.item().isEmpty()
                    ? CompletionOutcome.ALREADY_COMPLETED : CompletionOutcome.UNKNOWN_COMMAND);
        }
        return Completion.notWritten(error.codeAsString() == null ? "UnknownError" : error.codeAsString());
    }

    /** The reply's JSON result as a DynamoDB map, numbers kept as numbers (the version is an N). */
    static AttributeValue attribute(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isObject()) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), attribute(field.getValue())));
            return AttributeValue.fromM(map);
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(element -> list.add(attribute(element)));
            return AttributeValue.fromL(list);
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.asText());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        return AttributeValue.fromS(node.asText());
    }
}
