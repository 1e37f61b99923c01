package dev.catalog.command.api;

import dev.catalog.command.api.CommandRecord.CommandError;
import dev.catalog.command.api.CommandRecord.CommandResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The commands table (pk {@code command#<commandId>}), one item per command. */
public final class DynamoDbCommandStore implements CommandStore {
    static final String KEY_PREFIX = "command#";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbCommandStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
        try {
            dynamoDb.putItem(request -> request.tableName(tableName)
                    .item(toItem(command))
                    .conditionExpression("attribute_not_exists(pk)")
                    // The stored item comes back with the failure: no second read for a retry.
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException alreadyStored) {
            if (alreadyStored.hasItem() && !alreadyStored.item().isEmpty()) {
                return Optional.of(fromItem(alreadyStored.item()));
            }
            return Optional.of(find(command.commandId()).orElseThrow(() -> new CommandStoreUnavailableException(
                    "command " + command.commandId() + " exists but could not be read back", alreadyStored)));
        } catch (SdkException e) {
            throw new CommandStoreUnavailableException("could not store command " + command.commandId(), e);
        }
    }

    /** One TransactWriteItems call: every put is conditional on its id being new, so any existing id cancels all. */
    @Override
    public boolean insertAllIfNoneExist(List<CommandRecord> commands) {
        if (commands.size() == 1) {
            return insertIfAbsent(commands.get(0)).isEmpty();
        }
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(commands.stream()
                    .map(command -> TransactWriteItem.builder()
                            .put(put -> put.tableName(tableName).item(toItem(command)).conditionExpression("attribute_not_exists(pk)"))
                            .build())
                    .toList()));
            return true;
        } catch (TransactionCanceledException someExistOrCollided) {
            return false;
        } catch (SdkException e) {
            throw new CommandStoreUnavailableException("could not store " + commands.size() + " commands", e);
        }
    }

    @Override
    public Optional<CommandRecord> find(UUID commandId) {
        Map<String, AttributeValue> item;
        try {
            // Strongly consistent: a retry right after the first attempt must see its write.
            item = dynamoDb.getItem(request -> request.tableName(tableName).key(key(commandId)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new CommandStoreUnavailableException("could not read command " + commandId, e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    static Map<String, AttributeValue> key(UUID commandId) {
        return Map.of("pk", AttributeValue.fromS(KEY_PREFIX + commandId));
    }

    static Map<String, AttributeValue> toItem(CommandRecord command) {
        Map<String, AttributeValue> item = new HashMap<>(key(command.commandId()));
        item.put("commandId", AttributeValue.fromS(command.commandId().toString()));
        item.put("type", AttributeValue.fromS(command.type()));
        item.put("status", AttributeValue.fromS(command.status().name()));
        item.put("aggregateId", AttributeValue.fromS(command.productId().toString()));
        putIfPresent(item, "actor", command.actor());
        putIfPresent(item, "correlationId", command.correlationId());
        putIfPresent(item, "requestHash", command.requestHash());
        item.put("acceptedAt", AttributeValue.fromS(command.acceptedAt().toString()));
        if (command.completedAt() != null) {
            item.put("completedAt", AttributeValue.fromS(command.completedAt().toString()));
        }
        if (command.result() != null) {
            Map<String, AttributeValue> result = new HashMap<>();
            if (command.result().productId() != null) {
                result.put("productId", AttributeValue.fromS(command.result().productId().toString()));
            }
            if (command.result().version() != null) {
                result.put("version", AttributeValue.fromN(command.result().version().toString()));
            }
            item.put("result", AttributeValue.fromM(result));
        }
        if (command.error() != null) {
            Map<String, AttributeValue> error = new HashMap<>();
            putIfPresent(error, "code", command.error().code());
            putIfPresent(error, "message", command.error().message());
            item.put("error", AttributeValue.fromM(error));
        }
        item.put("ttl", AttributeValue.fromN(Long.toString(command.expiresAtEpochSecond())));
        return item;
    }

    static CommandRecord fromItem(Map<String, AttributeValue> item) {
        return new CommandRecord(
                UUID.fromString(text(item, "commandId")),
                text(item, "type"),
                CommandStatus.valueOf(text(item, "status")),
                UUID.fromString(text(item, "aggregateId")),
                text(item, "actor"),
                text(item, "correlationId"),
                text(item, "requestHash"),
                Instant.parse(text(item, "acceptedAt")),
                item.containsKey("completedAt") ? Instant.parse(text(item, "completedAt")) : null,
                result(item.get("result")),
                error(item.get("error")));
    }

    private static CommandResult result(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> result = value.m();
        String productId = text(result, "productId");
        AttributeValue version = result.get("version");
        return new CommandResult(productId == null ? null : UUID.fromString(productId),
                version == null || version.n() == null ? null : Long.valueOf(version.n()));
    }

    private static CommandError error(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        return new CommandError(text(value.m(), "code"), text(value.m(), "message"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }
}
