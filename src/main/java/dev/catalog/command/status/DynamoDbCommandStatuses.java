package dev.catalog.command.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.command.Reply;
import dev.catalog.command.Reply.ReplyStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** Command statuses in the DynamoDB commands table (pk {@code command#<commandId>}). */
public final class DynamoDbCommandStatuses implements CommandStatuses {
    static final String ACCEPTED = "ACCEPTED";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbCommandStatuses(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    static String partitionKey(java.util.UUID commandId) {
        return "command#" + commandId;
    }

    @Override
    public Completion complete(Reply reply) {
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#completedAt", "completedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":accepted", AttributeValue.fromS(ACCEPTED),
                ":status", AttributeValue.fromS(reply.status().name()),
                ":completedAt", AttributeValue.fromS(reply.completedAt().toString())));
        String update = "SET #status = :status, #completedAt = :completedAt";
        if (reply.status() == ReplyStatus.SUCCEEDED) {
            update += ", #result = :result";
            names.put("#result", "result");
            values.put(":result", attribute(reply.result()));
        } else {
            update += ", #error = :error";
            names.put("#error", "error");
            values.put(":error", AttributeValue.fromM(Map.of(
                    "code", AttributeValue.fromS(reply.error().code().name()),
                    "message", AttributeValue.fromS(reply.error().message()))));
        }
        String expression = update;
        try {
            var updated = dynamoDb.updateItem(request -> request
                    .tableName(tableName)
                    .key(Map.of("pk", AttributeValue.fromS(partitionKey(reply.commandId()))))
                    .updateExpression(expression)
                    // Fails on a missing item too (no status), so an unknown command is never created.
                    .conditionExpression("#status = :accepted")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            AttributeValue acceptedAt = updated.hasAttributes() ? updated.attributes().get("acceptedAt") : null;
            return new Completion(CompletionOutcome.COMPLETED, acceptedAt == null || acceptedAt.s() == null
                    ? Optional.empty() : Optional.of(Instant.parse(acceptedAt.s())));
        } catch (ConditionalCheckFailedException e) {
            return Completion.of(e.hasItem() && !e.item().isEmpty() ? CompletionOutcome.ALREADY_COMPLETED : CompletionOutcome.UNKNOWN_COMMAND);
        } catch (SdkException e) {
            throw new CommandStatusesUnavailableException(e);
        }
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
