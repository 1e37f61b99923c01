package dev.catalog.command;

import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of the commands table ({@code CommandsTable} in handlers/): one item per command,
 * keyed {@value #PARTITION_KEY} = {@code command#<commandId>}. The API writes the item ACCEPTED,
 * the status writer completes it; both name its attributes through this class only.
 */
public final class CommandsTable {
    public static final String PARTITION_KEY = "pk";
    public static final String COMMAND_ID = "commandId";
    public static final String TYPE = "type";
    public static final String STATUS = "status";
    /** The product the command changes. */
    public static final String AGGREGATE_ID = "aggregateId";
    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    public static final String REQUEST_HASH = "requestHash";
    public static final String ACCEPTED_AT = "acceptedAt";
    public static final String COMPLETED_AT = "completedAt";
    /** A SUCCEEDED command's result: a map of {@value #RESULT_PRODUCT_ID} and {@value #RESULT_VERSION}. */
    public static final String RESULT = "result";
    public static final String RESULT_PRODUCT_ID = "productId";
    public static final String RESULT_VERSION = "version";
    /** A FAILED command's error: a map of {@value #ERROR_CODE} and {@value #ERROR_MESSAGE}. */
    public static final String ERROR = "error";
    public static final String ERROR_CODE = "code";
    public static final String ERROR_MESSAGE = "message";
    /** Epoch seconds after which DynamoDB may delete the item (the table's TTL attribute). */
    public static final String EXPIRES_AT = "ttl";
    private static final String KEY_PREFIX = "command#";

    private CommandsTable() {
    }

    /** The partition key value of a command's item. */
    public static String partitionKey(UUID commandId) {
        return KEY_PREFIX + commandId;
    }

    /** The key of a command's item. */
    public static Map<String, AttributeValue> key(UUID commandId) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(partitionKey(commandId)));
    }
}
