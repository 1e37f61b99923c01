package dev.catalog.local.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.harness.chaos.PipelineSnapshot.AuroraProduct;
import dev.catalog.local.harness.chaos.PipelineSnapshot.CommandState;
import dev.catalog.local.harness.chaos.PipelineSnapshot.DeliveredReply;
import dev.catalog.local.harness.chaos.PipelineSnapshot.ProductView;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads the pipeline's stores for the audit and for the drain: the commands table and the product
 * views (DynamoDB, strongly consistent), Aurora (as the superuser) and the queues' depths.
 */
final class SnapshotReader {
    private static final String COMMAND_KEY_PREFIX = "command#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final DataSource aurora;
    private final String commandsTable;
    private final String viewsTable;
    private final String queuePrefix;

    /** @param queuePrefix what the service's own queues' names start with ({@code catalog-dev-}) */
    SnapshotReader(DynamoDbClient dynamoDb, SqsClient sqs, DataSource aurora, String commandsTable, String viewsTable,
            String queuePrefix) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.aurora = aurora;
        this.commandsTable = commandsTable;
        this.viewsTable = viewsTable;
        this.queuePrefix = queuePrefix;
    }

    /** @param clientRepliesUrl the queue of a client subscribed to the replies topic: read to the end */
    PipelineSnapshot read(long statusCompletions, String clientRepliesUrl) throws SQLException {
        Map<UUID, CommandState> statuses = new HashMap<>();
        scan(commandsTable, item -> {
            String pk = text(item, "pk");
            if (pk != null && pk.startsWith(COMMAND_KEY_PREFIX)) {
                statuses.put(UUID.fromString(pk.substring(COMMAND_KEY_PREFIX.length())), state(item));
            }
        });
        Map<UUID, ProductView> views = new HashMap<>();
        scan(viewsTable, item -> {
            if (item.containsKey("version")) {
                UUID id = UUID.fromString(text(item, "productId"));
                views.put(id, new ProductView(id, text(item, "name"), text(item, "description"),
                        Long.parseLong(item.get("version").n()), Boolean.TRUE.equals(item.get("deleted").bool())));
            }
        });
        Map<UUID, AuroraProduct> products = new HashMap<>();
        Set<UUID> processed = new HashSet<>();
        Map<UUID, Integer> replies = new HashMap<>();
        Map<UUID, Integer> events = new HashMap<>();
        long unpublished;
        try (Connection connection = aurora.getConnection(); Statement query = connection.createStatement()) {
            try (ResultSet rows = query.executeQuery("SELECT id, name, description, version, deleted FROM products")) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    products.put(id, new AuroraProduct(id, rows.getString(2), rows.getString(3), rows.getLong(4), rows.getBoolean(5)));
                }
            }
            try (ResultSet rows = query.executeQuery("SELECT command_id FROM processed_commands")) {
                while (rows.next()) {
                    processed.add(rows.getObject(1, UUID.class));
                }
            }
            countPerCommand(query, "SELECT body->>'commandId', count(*) FROM outbox WHERE topic = 'replies' GROUP BY 1", replies);
            countPerCommand(query, "SELECT body->>'causationId', count(*) FROM outbox WHERE topic = 'events' GROUP BY 1", events);
            unpublished = unpublishedOutboxRows(query);
        }
        Map<String, Integer> deadLetters = deadLetters();
        return new PipelineSnapshot(statuses, products, processed, replies, events, unpublished, views, deadLetters,
                unexpectedDeadLetters(deadLetters), statusCompletions, repliesDelivered(clientRepliesUrl));
    }

    /** Every reply in the client's queue, by command; receiving hides them, so this runs once, at the end. */
    private Map<UUID, List<DeliveredReply>> repliesDelivered(String queueUrl) {
        Map<UUID, List<DeliveredReply>> replies = new HashMap<>();
        for (int emptyReceives = 0; emptyReceives < 3; ) {
            var messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(600))
                    .messages();
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            for (var message : messages) {
                try {
                    JsonNode reply = JSON.readTree(message.body());
                    CommandState state = new CommandState(reply.path("status").asText(), reply.path("error").path("code").asText(null),
                            null, reply.path("result").has("version") ? reply.path("result").path("version").asLong() : null);
                    replies.computeIfAbsent(UUID.fromString(reply.path("commandId").asText()), command -> new ArrayList<>())
                            .add(DeliveredReply.of(state));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    // Not a reply: nothing of the chaos run's to count.
                }
            }
        }
        return replies;
    }

    /**
     * Describes each dead letter that is not poison by its ids (never its content), for the report
     * to say what ran out of deliveries. Receives the messages, so it runs once, at the end.
     */
    private List<String> unexpectedDeadLetters(Map<String, Integer> depths) {
        List<String> found = new ArrayList<>();
        depths.forEach((queue, depth) -> {
            if (depth == 0) {
                return;
            }
            String url = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
            for (int seen = 0; seen < depth; ) {
                var messages = sqs.receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(300)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                if (messages.isEmpty()) {
                    break;
                }
                seen += messages.size();
                messages.stream().filter(message -> !message.body().contains(ChaosRunner.POISON_MARKER))
                        .forEach(message -> found.add(queue + ": " + describe(message.body()) + ", received "
                                + message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT) + " times"));
            }
        });
        return found;
    }

    private static String describe(String body) {
        try {
            JsonNode message = JSON.readTree(body);
            if (message.has("eventId")) {
                return "event " + message.path("type").asText() + " of " + message.path("aggregateId").asText()
                        + " version " + message.path("aggregateVersion").asText() + " (command " + message.path("causationId").asText() + ")";
            }
            if (message.has("status")) {
                return "reply " + message.path("status").asText() + " to " + message.path("type").asText() + " "
                        + message.path("commandId").asText();
            }
            return "command " + message.path("type").asText() + " " + message.path("commandId").asText();
        } catch (java.io.IOException e) {
            return "a message that is not JSON";
        }
    }

    /** The commands among {@code commandIds} that are not completed yet (BatchGetItem, a hundred at a time). */
    List<UUID> stillOpen(Collection<UUID> commandIds) {
        List<UUID> ids = new ArrayList<>(commandIds);
        Set<UUID> completed = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(id -> Map.of("pk", AttributeValue.fromS(COMMAND_KEY_PREFIX + id))).toList();
            Map<String, KeysAndAttributes> request = Map.of(commandsTable,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                var response = dynamoDb.batchGetItem(batch -> batch.requestItems(pending));
                response.responses().getOrDefault(commandsTable, List.of()).stream()
                        .filter(item -> state(item).completed())
                        .forEach(item -> completed.add(UUID.fromString(text(item, "pk").substring(COMMAND_KEY_PREFIX.length()))));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return ids.stream().filter(id -> !completed.contains(id)).toList();
    }

    long unpublishedOutboxRows() throws SQLException {
        try (Connection connection = aurora.getConnection(); Statement query = connection.createStatement()) {
            return unpublishedOutboxRows(query);
        }
    }

    /**
     * Messages in each of the service's queues, visible, in flight or delayed, by queue name;
     * its dead-letter queues when {@code deadLetter}.
     */
    Map<String, Integer> queueDepths(boolean deadLetter) {
        Map<String, Integer> depths = new TreeMap<>();
        for (String url : sqs.listQueues().queueUrls()) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            if (!name.startsWith(queuePrefix) || name.contains("-dlq") != deadLetter) {
                continue;
            }
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            depths.put(name, attributes.values().stream().mapToInt(Integer::parseInt).sum());
        }
        return depths;
    }

    Map<String, Integer> deadLetters() {
        return queueDepths(true);
    }

    private static long unpublishedOutboxRows(Statement query) throws SQLException {
        try (ResultSet count = query.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void countPerCommand(Statement query, String sql, Map<UUID, Integer> into) throws SQLException {
        try (ResultSet rows = query.executeQuery(sql)) {
            while (rows.next()) {
                into.put(UUID.fromString(rows.getString(1)), rows.getInt(2));
            }
        }
    }

    private void scan(String table, Consumer<Map<String, AttributeValue>> each) {
        dynamoDb.scanPaginator(request -> request.tableName(table).consistentRead(true)).items().forEach(each);
    }

    private static CommandState state(Map<String, AttributeValue> item) {
        AttributeValue error = item.get("error");
        AttributeValue result = item.get("result");
        Map<String, AttributeValue> resultFields = result != null && result.hasM() ? result.m() : Map.of();
        String resultProduct = text(resultFields, "productId");
        AttributeValue resultVersion = resultFields.get("version");
        return new CommandState(text(item, "status"),
                error != null && error.hasM() ? text(error.m(), "code") : null,
                resultProduct == null ? null : UUID.fromString(resultProduct),
                resultVersion == null || resultVersion.n() == null ? null : Long.valueOf(resultVersion.n()));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
