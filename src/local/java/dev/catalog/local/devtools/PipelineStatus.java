package dev.catalog.local.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.runtime.provision.BucketNotification;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.OutboxMessage;
import dev.catalog.local.aws.sns.Subscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The state of the running pipeline as one JSON document ({@code /_local/status}): the topology
 * serverless.yml declares, live queue depths, dead-letter contents (peeked, never consumed), the
 * latest commands with their timeline, the alerts outbox, alarm states, per-function counters
 * and the latest invocations. Read fresh on every request; nothing here changes the pipeline.
 */
public final class PipelineStatus {
    static final int COMMANDS_SHOWN = 15;
    static final int INVOCATIONS_SHOWN = 40;
    static final int DEAD_LETTERS_SHOWN = 10;
    static final int BODY_PREVIEW_CHARS = 600;

    /** What the status reads from the runtime; a seam so that the document can be built from anything. */
    public interface Source {
        String service();

        String stage();

        String region();

        Map<String, String> handlers();

        Wiring wiring();

        LocalSns sns();

        SqsClient sqs();

        DynamoDbClient dynamoDb();

        Map<String, Map<String, String>> functionEnvironments();

        Map<String, String> alarmStates();

        List<Invocation> invocations();

        Optional<HotReload> hotReload();

        /** How the functions run, in one line ({@code in-process …} or {@code lambda …}). */
        String functionMode();

        /** One line per custom resource the runtime created through its function at start-up (the schema). */
        default List<String> customResources() {
            return List.of();
        }
    }

    private final Source source;
    private final ObjectMapper json;
    private final Clock clock;

    public PipelineStatus(Source source, ObjectMapper json, Clock clock) {
        this.source = source;
        this.json = json;
        this.clock = clock;
    }

    public ObjectNode read() {
        ObjectNode status = json.createObjectNode();
        status.put("service", source.service());
        status.put("stage", source.stage());
        status.put("region", source.region());
        status.put("generatedAt", clock.instant().toString());
        status.put("functionMode", source.functionMode());
        status.set("customResources", json.valueToTree(source.customResources()));
        status.set("hotReload", hotReload());
        List<QueueState> queues = queues();
        ObjectNode topology = status.putObject("topology");
        topology.set("functions", functions());
        topology.set("routes", routes());
        topology.set("topics", topics());
        topology.set("queues", json.valueToTree(queues.stream().map(QueueState::toMap).toList()));
        topology.set("tables", tables());
        topology.set("buckets", buckets());
        status.set("deadLetters", deadLetters(queues));
        status.set("commands", commands());
        status.set("alerts", alerts());
        status.set("alarms", json.valueToTree(new TreeMap<>(source.alarmStates())));
        List<Invocation> invocations = source.invocations();
        status.set("metrics", metrics(invocations));
        status.set("invocations", recentInvocations(invocations));
        return status;
    }

    private ObjectNode hotReload() {
        ObjectNode node = json.createObjectNode();
        Optional<HotReload> reload = source.hotReload();
        node.put("enabled", reload.isPresent());
        reload.ifPresent(watcher -> {
            node.put("directory", watcher.directory().toString());
            node.put("generation", watcher.generation());
            watcher.lastAttempt().ifPresent(attempt -> {
                ObjectNode last = node.putObject("lastAttempt");
                last.put("at", attempt.at().toString());
                last.put("succeeded", attempt.succeeded());
                last.put("problem", attempt.problem());
            });
        });
        return node;
    }

    private ArrayNode functions() {
        ArrayNode functions = json.createArrayNode();
        Wiring wiring = source.wiring();
        source.handlers().forEach((name, handler) -> {
            ObjectNode function = functions.addObject();
            function.put("name", name);
            function.put("handler", handler);
            ArrayNode triggers = function.putArray("triggers");
            wiring.routes().forEach((route, target) -> {
                if (target.equals(name)) {
                    triggers.add("httpApi " + route);
                }
            });
            wiring.queueConsumers().forEach((queue, consumers) -> {
                if (consumers.contains(name)) {
                    triggers.add("sqs " + queue);
                }
            });
            Optional.ofNullable(wiring.schedules().get(name)).ifPresent(rate -> triggers.add("schedule " + rate));
            wiring.bucketNotifications().stream().filter(n -> n.destinationType().equals("function") && n.destination().equals(name))
                    .forEach(n -> triggers.add("s3 " + n.bucket()));
        });
        return functions;
    }

    private ArrayNode routes() {
        ArrayNode routes = json.createArrayNode();
        new TreeMap<>(source.wiring().routes()).forEach((route, function) -> {
            ObjectNode node = routes.addObject();
            node.put("route", route);
            node.put("function", function);
        });
        return routes;
    }

    private ArrayNode topics() {
        ArrayNode topics = json.createArrayNode();
        LocalSns sns = source.sns();
        for (String topicArn : sns.listTopics().stream().sorted().toList()) {
            ObjectNode topic = topics.addObject();
            topic.put("name", lastPart(topicArn));
            topic.put("arn", topicArn);
            topic.put("fifo", topicArn.endsWith(".fifo"));
            ArrayNode subscriptions = topic.putArray("subscriptions");
            for (Subscription subscription : sns.listSubscriptionsByTopic(topicArn)) {
                Map<String, String> attributes = sns.subscriptionAttributes(subscription.subscriptionArn());
                ObjectNode node = subscriptions.addObject();
                node.put("protocol", subscription.protocol());
                node.put("endpoint", subscription.endpoint());
                node.put("target", subscription.protocol().equals("sqs") ? lastPart(subscription.endpoint()) : subscription.endpoint());
                node.put("raw", Boolean.parseBoolean(attributes.get("RawMessageDelivery")));
                node.put("filterPolicy", attributes.get("FilterPolicy"));
                node.put("filterPolicyScope", attributes.get("FilterPolicyScope"));
            }
        }
        return topics;
    }

    /** One queue with its depths, read once per request and shared by the topology and the dead letters. */
    private record QueueState(String name, String url, String arn, boolean fifo, long visible, long inFlight, long delayed,
                              String deadLetterQueue, List<String> consumers) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            map.put("fifo", fifo);
            map.put("visible", visible);
            map.put("inFlight", inFlight);
            map.put("delayed", delayed);
            map.put("deadLetterQueue", deadLetterQueue);
            map.put("consumers", consumers);
            return map;
        }
    }

    private List<QueueState> queues() {
        SqsClient sqs = source.sqs();
        List<QueueState> queues = new ArrayList<>();
        for (String url : sqs.listQueues().queueUrls().stream().sorted().toList()) {
            try {
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                String name = lastPart(url);
                String deadLetterQueue = null;
                String redrivePolicy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
                if (redrivePolicy != null && !redrivePolicy.isBlank()) {
                    JsonNode policy = json.readTree(redrivePolicy);
                    deadLetterQueue = lastPart(policy.path("deadLetterTargetArn").asText());
                }
                queues.add(new QueueState(name, url, attributes.get(QueueAttributeName.QUEUE_ARN), name.endsWith(".fifo"),
                        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                        number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)),
                        deadLetterQueue, source.wiring().queueConsumers().getOrDefault(name, List.of())));
            } catch (SqsException | java.io.IOException e) {
                // Deleted between the listing and the read (a test's own queue): not part of the picture.
            }
        }
        return queues;
    }

    /**
     * The messages of every queue that some other queue names as its dead-letter target, read with
     * a visibility timeout of zero: they stay where they are, visible to a redrive at once.
     */
    private ArrayNode deadLetters(List<QueueState> queues) {
        ArrayNode deadLetters = json.createArrayNode();
        for (QueueState dlq : queues) {
            List<String> sources = queues.stream().filter(q -> dlq.name().equals(q.deadLetterQueue())).map(QueueState::name).toList();
            if (sources.isEmpty()) {
                continue;
            }
            ObjectNode node = deadLetters.addObject();
            node.put("queue", dlq.name());
            node.put("source", sources.get(0));
            node.put("depth", dlq.visible() + dlq.inFlight());
            ArrayNode messages = node.putArray("messages");
            if (dlq.visible() == 0) {
                continue;
            }
            List<Message> peeked = source.sqs().receiveMessage(request -> request.queueUrl(dlq.url())
                    .maxNumberOfMessages(DEAD_LETTERS_SHOWN).visibilityTimeout(0).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            for (Message message : peeked) {
                ObjectNode item = messages.addObject();
                item.put("messageId", message.messageId());
                item.put("groupId", message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
                String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
                item.put("sentAt", sent == null ? null : java.time.Instant.ofEpochMilli(Long.parseLong(sent)).toString());
                ObjectNode attributes = item.putObject("attributes");
                message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
                String body = message.body();
                item.put("body", body.length() > BODY_PREVIEW_CHARS ? body.substring(0, BODY_PREVIEW_CHARS) + "…" : body);
            }
        }
        return deadLetters;
    }

    private ArrayNode tables() {
        ArrayNode tables = json.createArrayNode();
        try {
            source.dynamoDb().listTables().tableNames().stream().sorted().forEach(tables::add);
        } catch (DynamoDbException e) {
            // The list is decoration; the rest of the status still helps.
        }
        return tables;
    }

    private ArrayNode buckets() {
        ArrayNode buckets = json.createArrayNode();
        for (BucketNotification notification : source.wiring().bucketNotifications()) {
            ObjectNode node = buckets.addObject();
            node.put("bucket", notification.bucket());
            node.put("event", notification.event());
            node.put("prefix", notification.prefix());
            node.put("suffix", notification.suffix());
            node.put("destinationType", notification.destinationType());
            node.put("destination", notification.destinationType().equals("function")
                    ? notification.destination() : lastPart(notification.destination()));
        }
        return buckets;
    }

    /**
     * The latest commands from the commands table, each with its timeline: accepted (the API
     * wrote it), processed (the status writer recorded the worker's reply) and projected (the
     * product view has reached the command's resulting version).
     */
    private ArrayNode commands() {
        ArrayNode commands = json.createArrayNode();
        Optional<String> commandsTable = environmentValue("COMMANDS_TABLE");
        if (commandsTable.isEmpty()) {
            return commands;
        }
        Optional<String> viewsTable = environmentValue("PRODUCT_VIEWS_TABLE");
        List<Map<String, AttributeValue>> items;
        try {
            items = new ArrayList<>(source.dynamoDb().scanPaginator(request -> request.tableName(commandsTable.get())).items()
                    .stream().toList());
        } catch (DynamoDbException e) {
            return commands;
        }
        items.sort(Comparator.comparing((Map<String, AttributeValue> item) -> text(item, "acceptedAt")).reversed());
        for (Map<String, AttributeValue> item : items.subList(0, Math.min(COMMANDS_SHOWN, items.size()))) {
            ObjectNode command = commands.addObject();
            String status = text(item, "status");
            command.put("commandId", text(item, "commandId"));
            command.put("type", text(item, "type"));
            command.put("status", status);
            command.put("aggregateId", text(item, "aggregateId"));
            command.put("correlationId", text(item, "correlationId"));
            AttributeValue error = item.get("error");
            if (error != null && error.hasM()) {
                command.put("error", text(error.m(), "code") + ": " + text(error.m(), "message"));
            }
            ArrayNode timeline = command.putArray("timeline");
            step(timeline, "accepted", text(item, "acceptedAt"));
            step(timeline, "processed", "ACCEPTED".equals(status) ? "" : text(item, "completedAt"));
            step(timeline, "projected", "SUCCEEDED".equals(status) ? projectedAt(viewsTable, item) : "");
        }
        return commands;
    }

    private String projectedAt(Optional<String> viewsTable, Map<String, AttributeValue> command) {
        AttributeValue result = command.get("result");
        String productId = text(command, "aggregateId");
        if (viewsTable.isEmpty() || result == null || !result.hasM() || productId.isEmpty()) {
            return "";
        }
        try {
            long version = Long.parseLong(numberText(result.m().get("version")));
            Map<String, AttributeValue> view = source.dynamoDb().getItem(request -> request.tableName(viewsTable.get())
                    .key(Map.of("productId", AttributeValue.fromS(productId))).consistentRead(true)).item();
            if (view == null || view.isEmpty() || Long.parseLong(numberText(view.get("version"))) < version) {
                return "";
            }
            return text(view, "updatedAt").isEmpty() ? "yes" : text(view, "updatedAt");
        } catch (DynamoDbException | NumberFormatException e) {
            return "";
        }
    }

    private static void step(ArrayNode timeline, String name, String at) {
        ObjectNode step = timeline.addObject();
        step.put("step", name);
        step.put("done", !at.isEmpty());
        step.put("at", at.isEmpty() ? null : at);
    }

    private ArrayNode alerts() {
        ArrayNode alerts = json.createArrayNode();
        List<OutboxMessage> outbox = new ArrayList<>(source.sns().outbox());
        java.util.Collections.reverse(outbox);
        for (OutboxMessage message : outbox.subList(0, Math.min(20, outbox.size()))) {
            ObjectNode alert = alerts.addObject();
            alert.put("protocol", message.protocol());
            alert.put("endpoint", message.endpoint());
            alert.put("subject", message.subject());
            alert.put("topic", lastPart(message.topicArn()));
            alert.put("at", message.timestamp().toString());
            String text = message.message();
            alert.put("message", text.length() > BODY_PREVIEW_CHARS ? text.substring(0, BODY_PREVIEW_CHARS) + "…" : text);
        }
        return alerts;
    }

    private ObjectNode metrics(List<Invocation> invocations) {
        Map<String, long[]> byFunction = new TreeMap<>();
        for (Invocation invocation : invocations) {
            long[] counters = byFunction.computeIfAbsent(invocation.function(), name -> new long[5]);
            counters[switch (invocation.outcome()) {
                case "ok" -> 0;
                case "partial" -> 1;
                default -> 2;
            }]++;
            counters[3] += invocation.batchSize();
            counters[4] += invocation.duration().toMillis();
        }
        ObjectNode metrics = json.createObjectNode();
        byFunction.forEach((function, counters) -> {
            long total = counters[0] + counters[1] + counters[2];
            ObjectNode node = metrics.putObject(function);
            node.put("invocations", total);
            node.put("ok", counters[0]);
            node.put("partial", counters[1]);
            node.put("errors", counters[2]);
            node.put("records", counters[3]);
            node.put("averageMs", total == 0 ? 0 : counters[4] / total);
        });
        return metrics;
    }

    private ArrayNode recentInvocations(List<Invocation> invocations) {
        ArrayNode recent = json.createArrayNode();
        for (int i = invocations.size() - 1; i >= Math.max(0, invocations.size() - INVOCATIONS_SHOWN); i--) {
            Invocation invocation = invocations.get(i);
            ObjectNode node = recent.addObject();
            node.put("function", invocation.function());
            node.put("trigger", invocation.trigger());
            node.put("batchSize", invocation.batchSize());
            node.put("startedAt", invocation.startedAt().toString());
            node.put("durationMs", invocation.duration().toMillis());
            node.put("outcome", invocation.outcome());
            node.put("requestId", invocation.requestId());
            node.put("error", invocation.error());
        }
        return recent;
    }

    private Optional<String> environmentValue(String variable) {
        return source.functionEnvironments().values().stream().map(environment -> environment.get(variable))
                .filter(value -> value != null && !value.isBlank()).findFirst();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static String numberText(AttributeValue value) {
        return value == null || value.n() == null ? "-1" : value.n();
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String lastPart(String arnOrUrl) {
        if (arnOrUrl == null) {
            return null;
        }
        int cut = Math.max(arnOrUrl.lastIndexOf(':'), arnOrUrl.lastIndexOf('/'));
        return arnOrUrl.substring(cut + 1);
    }

}
