package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import dev.catalog.command.CommandsTable;
import dev.catalog.intake.CommandRecord.CommandError;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.intake.CommandRecord.CommandResult;
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

/** The commands table ({@link CommandsTable}), one item per command. */
final class DynamoDbCommandStore implements CommandStore {
    /** Puts only where no item has the key yet. */
    private static final String NEW_ITEM = "attribute_not_exists(" + CommandsTable.PARTITION_KEY + ")";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    /** The function's commands table. */
    public static DynamoDbCommandStore from(FunctionEnvironment environment) {
        return new DynamoDbCommandStore(environment.clients().dynamoDb(), environment.settings().requireCommandsTable());
    }

    public DynamoDbCommandStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
        try {
            dynamoDb.putItem(request -> request.tableName(tableName)
                    .item(toItem(command))
                    .conditionExpression(NEW_ITEM)
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
                            .put(put -> put.tableName(tableName).item(toItem(command)).conditionExpression(NEW_ITEM))
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
            item = dynamoDb.getItem(request -> request.tableName(tableName).key(CommandsTable.key(commandId)).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new CommandStoreUnavailableException("could not read command " + commandId, e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    static Map<String, AttributeValue> toItem(CommandRecord command) {
        Map<String, AttributeValue> item = new HashMap<>(CommandsTable.key(command.commandId()));
        item.put(CommandsTable.COMMAND_ID, AttributeValue.fromS(command.commandId().toString()));
        item.put(CommandsTable.TYPE, AttributeValue.fromS(command.type()));
        item.put(CommandsTable.STATUS, AttributeValue.fromS(command.status().name()));
        item.put(CommandsTable.AGGREGATE_ID, AttributeValue.fromS(command.productId().toString()));
        putIfPresent(item, CommandsTable.ACTOR, command.actor());
        putIfPresent(item, CommandsTable.CORRELATION_ID, command.correlationId());
        putIfPresent(item, CommandsTable.REQUEST_HASH, command.requestHash());
        item.put(CommandsTable.ACCEPTED_AT, AttributeValue.fromS(command.acceptedAt().toString()));
        if (command.completedAt() != null) {
            item.put(CommandsTable.COMPLETED_AT, AttributeValue.fromS(command.completedAt().toString()));
        }
        if (command.result() != null) {
            Map<String, AttributeValue> result = new HashMap<>();
            if (command.result().productId() != null) {
                result.put(CommandsTable.RESULT_PRODUCT_ID, AttributeValue.fromS(command.result().productId().toString()));
            }
            if (command.result().version() != null) {
                result.put(CommandsTable.RESULT_VERSION, AttributeValue.fromN(command.result().version().toString()));
            }
            item.put(CommandsTable.RESULT, AttributeValue.fromM(result));
        }
        if (command.error() != null) {
            Map<String, AttributeValue> error = new HashMap<>();
            putIfPresent(error, CommandsTable.ERROR_CODE, command.error().code());
            putIfPresent(error, CommandsTable.ERROR_MESSAGE, command.error().message());
            item.put(CommandsTable.ERROR, AttributeValue.fromM(error));
        }
        item.put(CommandsTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(command.expiresAtEpochSecond())));
        return item;
    }

    static CommandRecord fromItem(Map<String, AttributeValue> item) {
        return new CommandRecord(
                UUID.fromString(text(item, CommandsTable.COMMAND_ID)),
                text(item, CommandsTable.TYPE),
                CommandStatus.valueOf(text(item, CommandsTable.STATUS)),
                UUID.fromString(text(item, CommandsTable.AGGREGATE_ID)),
                text(item, CommandsTable.ACTOR),
                text(item, CommandsTable.CORRELATION_ID),
                text(item, CommandsTable.REQUEST_HASH),
                Instant.parse(text(item, CommandsTable.ACCEPTED_AT)),
                item.containsKey(CommandsTable.COMPLETED_AT) ? Instant.parse(text(item, CommandsTable.COMPLETED_AT)) : null,
                result(item.get(CommandsTable.RESULT)),
                error(item.get(CommandsTable.ERROR)));
    }

    private static CommandResult result(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> result = value.m();
        String productId = text(result, CommandsTable.RESULT_PRODUCT_ID);
        AttributeValue version = result.get(CommandsTable.RESULT_VERSION);
        return new CommandResult(productId == null ? null : UUID.fromString(productId),
                version == null || version.n() == null ? null : Long.valueOf(version.n()));
    }

    private static CommandError error(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        return new CommandError(text(value.m(), CommandsTable.ERROR_CODE), text(value.m(), CommandsTable.ERROR_MESSAGE));
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
