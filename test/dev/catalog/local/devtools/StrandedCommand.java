package dev.catalog.local.devtools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.runtime.LocalRuntime;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A product-create command as it looks after the worker gave up on it: accepted in the commands
 * table by the API, its envelope in the product-commands dead-letter queue. A redrive completes it.
 */
record StrandedCommand(String commandId, String productId, String name) {
    static final String DEAD_LETTER_QUEUE = "catalog-dev-product-commands-dlq.fifo";
    private static final ObjectMapper JSON = new ObjectMapper();

    static StrandedCommand strand(LocalRuntime runtime, String name) {
        StrandedCommand command = new StrandedCommand(UUID.randomUUID().toString(), UUID.randomUUID().toString(), name);
        Instant now = Instant.now();
        String correlationId = "stranded-" + command.commandId();
        runtime.clients().dynamoDb().putItem(request -> request.tableName("catalog-dev-commands").item(Map.of(
                "pk", AttributeValue.fromS("command#" + command.commandId()),
                "commandId", AttributeValue.fromS(command.commandId()),
                "type", AttributeValue.fromS("product.create"),
                "status", AttributeValue.fromS("ACCEPTED"),
                "aggregateId", AttributeValue.fromS(command.productId()),
                "actor", AttributeValue.fromS("local-editor"),
                "correlationId", AttributeValue.fromS(correlationId),
                "requestHash", AttributeValue.fromS("0".repeat(64)),
                "acceptedAt", AttributeValue.fromS(now.toString()),
                "ttl", AttributeValue.fromN(Long.toString(now.plusSeconds(7 * 86400).getEpochSecond())))));
        ObjectNode envelope = JSON.createObjectNode().put("commandId", command.commandId()).put("type", "product.create")
                .put("schemaVersion", 1).put("issuedAt", now.toString()).put("correlationId", correlationId);
        envelope.putObject("actor").put("sub", "local-editor").putArray("roles").add("editor");
        envelope.putObject("payload").put("productId", command.productId()).put("name", name);
        String url = runtime.sqs().getQueueUrl(request -> request.queueName(DEAD_LETTER_QUEUE)).queueUrl();
        runtime.sqs().sendMessage(request -> request.queueUrl(url).messageBody(envelope.toString())
                .messageGroupId(command.productId()).messageDeduplicationId(command.commandId())
                .messageAttributes(Map.of(
                        "type", string("product.create"), "actor", string("local-editor"), "correlationId", string(correlationId))));
        return command;
    }

    String status(LocalRuntime runtime) {
        return runtime.clients().dynamoDb().getItem(request -> request.tableName("catalog-dev-commands").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("command#" + commandId)))).item().get("status").s();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
