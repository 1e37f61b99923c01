package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;
import dev.catalog.local.lambda.Invocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local runtime booted from the project's own serverless.yml, driven through the real AWS SDK
 * clients: SNS fan-out with envelopes, raw delivery and filter policies, the journal writer invoked
 * in batches, partial batch failures redelivering only the failed message, and a poison message
 * moved to the dead-letter queue after maxReceiveCount.
 */
class LocalRuntimeE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRuntime runtime;
    private static SnsClient sns;
    private static SqsClient sqs;
    private static S3Client s3;
    private static String commandsTopicArn;
    private static String bucket;

    @BeforeAll
    static void bootFromTheProjectsServerlessYml() throws Exception {
        // Failed messages come back after 1 s instead of the journal queue's 120 s visibility timeout.
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)));
        sns = runtime.clients().sns();
        sqs = runtime.sqs();
        s3 = runtime.clients().s3();
        commandsTopicArn = sns.listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith(":catalog-dev-commands.fifo")).findFirst().orElseThrow();
        bucket = s3.listBuckets().buckets().stream().map(b -> b.name()).filter(name -> name.endsWith("-documents"))
                .findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void journalsEveryPublishedCommandInBatchesWithItsSnsEnvelope() {
        List<String> commandIds = new ArrayList<>();
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String commandId = UUID.randomUUID().toString();
            commandIds.add(commandId);
            entries.add(entry(Integer.toString(i), command(commandId, "product.create", "Lamp " + i), UUID.randomUUID().toString()));
        }

        sns.publishBatch(request -> request.topicArn(commandsTopicArn).publishBatchRequestEntries(entries));

        await().atMost(Duration.ofSeconds(20)).until(() -> journalLines().stream()
                .map(line -> line.at("/command/commandId").asText()).toList().containsAll(commandIds));
        JsonNode line = journalLines().stream().filter(l -> l.at("/command/commandId").asText().equals(commandIds.get(0)))
                .findFirst().orElseThrow();
        assertEquals(commandsTopicArn, line.get("topicArn").asText());
        assertFalse(line.get("snsMessageId").asText().isEmpty());
        assertTrue(line.get("sequenceNumber").asText().matches("\\d+"));
        assertTrue(invocationsOf("journalWriter").stream().anyMatch(invocation -> invocation.batchSize() > 1),
                "the writer is invoked with batches: " + invocationsOf("journalWriter"));
    }

    @Test
    void deliversTheAwsEnvelopeOrTheRawBodyToSubscribedQueuesAsTheirFilterPoliciesSay() throws Exception {
        String rawQueue = fifoQueue("e2e-raw-products");
        String envelopeQueue = fifoQueue("e2e-walnut-envelopes");
        sns.subscribe(request -> request.topicArn(commandsTopicArn).protocol("sqs").endpoint(queueArn(rawQueue))
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[{\"prefix\":\"product.\"}]}")));
        sns.subscribe(request -> request.topicArn(commandsTopicArn).protocol("sqs").endpoint(queueArn(envelopeQueue))
                .attributes(Map.of("FilterPolicyScope", "MessageBody",
                        "FilterPolicy", "{\"payload\":{\"name\":[{\"prefix\":\"Walnut\"}]}}")));
        String walnut = command(UUID.randomUUID().toString(), "product.create", "Walnut desk");
        String oak = command(UUID.randomUUID().toString(), "product.create", "Oak shelf");
        String attachment = command(UUID.randomUUID().toString(), "attachment.delete", "Walnut manual");

        sns.publishBatch(request -> request.topicArn(commandsTopicArn).publishBatchRequestEntries(
                entry("1", walnut, "g-1"), entry("2", oak, "g-2"), entry("3", attachment, "g-3")));

        List<Message> raw = receiveAtLeast(rawQueue, 2);
        assertEquals(List.of(walnut, oak), raw.stream().map(Message::body).sorted(byName()).toList());
        assertEquals("product.create", raw.get(0).messageAttributes().get("type").stringValue());
        List<Message> envelopes = receiveAtLeast(envelopeQueue, 2);
        assertEquals(2, envelopes.size(), "only the two Walnut commands match the body policy");
        JsonNode envelope = JSON.readTree(envelopes.stream().filter(m -> m.body().contains("desk")).findFirst().orElseThrow().body());
        assertEquals(List.of("Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "SignatureVersion",
                "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"), fieldNames(envelope));
        assertEquals("Notification", envelope.get("Type").asText());
        assertEquals(commandsTopicArn, envelope.get("TopicArn").asText());
        assertEquals(walnut, envelope.get("Message").asText());
        assertEquals("product.create", envelope.at("/MessageAttributes/type/Value").asText());
        assertEquals("g-1", envelopes.stream().filter(m -> m.body().contains("desk")).findFirst().orElseThrow()
                .attributesAsStrings().get("MessageGroupId"));
    }

    @Test
    void redeliversOnlyTheFailedMessageMovesPoisonToTheDeadLetterQueueAndAlertsOperators() throws Exception {
        String goodId = UUID.randomUUID().toString();
        String poison = "{\"note\":\"not a command " + UUID.randomUUID() + "\"}";
        String deadLetterQueue = sqs.getQueueUrl(request -> request.queueName("catalog-dev-journal-dlq.fifo")).queueUrl();

        sns.publishBatch(request -> request.topicArn(commandsTopicArn).publishBatchRequestEntries(
                entry("poison", poison, "poison-group"), entry("good", command(goodId, "product.update", "Teak chair"), "good-group")));

        // The dead-letter queue's alarm notifies operators by email and SMS (the alerts topic's subscriptions).
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.sns().outbox().stream()
                .filter(message -> message.subject() != null && message.subject().startsWith("ALARM: \"catalog-dev-journal-dlq-not-empty\""))
                .map(message -> message.protocol() + ":" + message.endpoint()).toList()
                .containsAll(List.of("email:catalog-alerts@example.com", "sms:+15555550100")));
        // Other dead-letter queues may alarm too (the poison also fails in the product worker): read the journal's.
        JsonNode alarm = JSON.readTree(runtime.sns().outbox().stream().filter(message -> message.protocol().equals("email")
                        && message.subject() != null && message.subject().startsWith("ALARM: \"catalog-dev-journal-dlq-not-empty\""))
                .findFirst().orElseThrow().message());
        assertEquals("ALARM", alarm.get("NewStateValue").asText());
        assertEquals("catalog-dev-journal-dlq.fifo", alarm.at("/Trigger/Dimensions/0/value").asText());

        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
            dead.addAll(sqs.receiveMessage(request -> request.queueUrl(deadLetterQueue).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages());
            return dead.stream().anyMatch(message -> message.body().contains(poison.substring(10, 40)));
        });
        Message moved = dead.stream().filter(message -> message.body().contains(poison.substring(10, 40))).findFirst().orElseThrow();
        assertEquals(poison, JSON.readTree(moved.body()).get("Message").asText(), "the DLQ keeps the SNS envelope as delivered");
        assertTrue(Integer.parseInt(moved.attributesAsStrings().get("ApproximateReceiveCount")) >= 5,
                "received " + moved.attributesAsStrings().get("ApproximateReceiveCount") + " times before the move");
        long journalled = journalLines().stream().filter(line -> line.at("/command/commandId").asText().equals(goodId)).count();
        assertEquals(1, journalled, "the message that succeeded is never redelivered");
        long poisonAloneRetries = invocationsOf("journalWriter").stream()
                .filter(invocation -> invocation.batchSize() == 1 && invocation.outcome().equals("partial")).count();
        assertTrue(poisonAloneRetries >= 4, "the failed message came back alone: " + invocationsOf("journalWriter"));

    }

    private static PublishBatchRequestEntry entry(String id, String message, String groupId) throws RuntimeException {
        String type;
        try {
            JsonNode parsed = JSON.readTree(message);
            type = parsed.path("type").asText("unknown");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return PublishBatchRequestEntry.builder().id(id).message(message).messageGroupId(groupId)
                .messageDeduplicationId(UUID.randomUUID().toString())
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue(type).build()))
                .build();
    }

    private static String command(String commandId, String type, String name) {
        return JSON.createObjectNode()
                .put("commandId", commandId)
                .put("type", type)
                .put("schemaVersion", 1)
                .put("issuedAt", "2026-11-21T10:00:00Z")
                .put("correlationId", "e2e-" + commandId.substring(0, 8))
                .set("payload", JSON.createObjectNode().put("name", name)).toString();
    }

    private static List<JsonNode> journalLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("journal/")).contents()) {
            String content = s3.getObject(request -> request.bucket(bucket).key(object.key()), ResponseTransformer.toBytes()).asUtf8String();
            for (String line : content.split("\n")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("journal line is not JSON: " + line, e);
                }
            }
        }
        return lines;
    }

    private static List<Invocation> invocationsOf(String function) {
        return runtime.invocations().stream().filter(invocation -> invocation.function().equals(function)).toList();
    }

    private static String fifoQueue(String name) {
        return sqs.createQueue(request -> request.queueName(name + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    }

    private static String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receiveAtLeast(String queueUrl, int count) {
        List<Message> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            received.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")
                    .messageSystemAttributeNames(software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages());
            return received.size() >= count;
        });
        // Anything more would be a filter policy letting through what it should not.
        received.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        return received;
    }

    private static java.util.Comparator<String> byName() {
        return java.util.Comparator.comparing(body -> body.contains("Walnut") ? 0 : 1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
