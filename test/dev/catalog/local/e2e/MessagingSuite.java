package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.functions.Invocation;
import dev.catalog.local.aws.sns.OutboxMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * The pipeline booted from the project's own serverless.yml, driven through the real AWS SDK
 * clients: SNS fan-out with envelopes, raw delivery and filter policies, the journal writer invoked
 * in batches, partial batch failures redelivering only the failed message, a poison message
 * moved to the dead-letter queue after maxReceiveCount, and the alarm that follows. Written once;
 * each subclass names the backend it runs on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessagingSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private PipelineUnderTest pipeline;
    private SnsClient sns;
    private SqsClient sqs;
    private S3Client s3;
    private String commandsTopicArn;
    private String bucket;

    /** Starts the pipeline on the backend this run is about (failed messages return after 1 s). */
    protected abstract PipelineUnderTest startPipeline() throws Exception;

    @BeforeAll
    void bootFromTheProjectsServerlessYml() throws Exception {
        pipeline = startPipeline();
        sns = pipeline.sns();
        sqs = pipeline.sqs();
        s3 = pipeline.s3();
        commandsTopicArn = sns.listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith(":catalog-dev-commands.fifo")).findFirst().orElseThrow();
        bucket = s3.listBuckets().buckets().stream().map(b -> b.name()).filter(name -> name.endsWith("-documents"))
                .findFirst().orElseThrow();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
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

        // Generous: in the Lambda runtime mode the writer's first batch waits for a JVM to start.
        await().atMost(Duration.ofSeconds(60)).until(() -> journalLines().stream()
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
        String deadLetterQueue = sqs.getQueueUrl(request -> request.queueName("catalog-dev-journal-dlq")).queueUrl();

        sns.publishBatch(request -> request.topicArn(commandsTopicArn).publishBatchRequestEntries(
                entry("poison", poison, "poison-group"), entry("good", command(goodId, "product.update", "Teak chair"), "good-group")));

        // Checked before the dead-letter queue is read, while its message is still visible to the alarm.
        if (pipeline.operatorNotifications().isPresent()) {
            assertOperatorsAlertedByEmailAndSms();
        }
        List<Message> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
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

    /**
     * The dead-letter queue's alarm notifies operators by email and SMS (the alerts topic's
     * subscriptions). Observable where the pipeline's own SNS delivers them; an emulator's SNS
     * sends them itself, and the backend then has no outbox to look at.
     */
    private void assertOperatorsAlertedByEmailAndSms() {
        await().atMost(Duration.ofSeconds(30)).until(() -> sentToOperators().stream()
                .filter(message -> message.subject() != null && message.subject().startsWith("ALARM: \"catalog-dev-journal-dlq-not-empty\""))
                .map(message -> message.protocol() + ":" + message.endpoint()).toList()
                .containsAll(List.of("email:catalog-alerts@example.com", "sms:+15555550100")));
        JsonNode alarm;
        try {
            // Other dead-letter queues may alarm too (the product worker rejects the same poison message).
            alarm = JSON.readTree(sentToOperators().stream().filter(message -> message.protocol().equals("email")
                            && message.subject().startsWith("ALARM: \"catalog-dev-journal-dlq-not-empty\"")).findFirst()
                    .orElseThrow().message());
        } catch (java.io.IOException e) {
            throw new AssertionError("the alarm notification is not JSON", e);
        }
        assertEquals("ALARM", alarm.get("NewStateValue").asText());
        assertEquals("catalog-dev-journal-dlq", alarm.at("/Trigger/Dimensions/0/value").asText());
    }

    private List<OutboxMessage> sentToOperators() {
        return pipeline.operatorNotifications().orElseThrow();
    }

    private PublishBatchRequestEntry entry(String id, String message, String groupId) throws RuntimeException {
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

    private String command(String commandId, String type, String name) {
        return JSON.createObjectNode()
                .put("commandId", commandId)
                .put("type", type)
                .put("schemaVersion", 1)
                .put("issuedAt", "2026-11-21T10:00:00Z")
                .put("correlationId", "e2e-" + commandId.substring(0, 8))
                .set("payload", JSON.createObjectNode().put("name", name)).toString();
    }

    private List<JsonNode> journalLines() {
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

    private List<Invocation> invocationsOf(String function) {
        return pipeline.invocations().stream().filter(invocation -> invocation.function().equals(function)).toList();
    }

    private String fifoQueue(String name) {
        return sqs.createQueue(request -> request.queueName(name + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    }

    private String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private List<Message> receiveAtLeast(String queueUrl, int count) {
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

    private java.util.Comparator<String> byName() {
        return java.util.Comparator.comparing(body -> body.contains("Walnut") ? 0 : 1);
    }

    private List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
