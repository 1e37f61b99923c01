package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.aws.AwsClients;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.aws.dynamodb.EmbeddedDynamoDb;
import dev.catalog.local.aws.sqs.EmbeddedSqs;
import dev.catalog.local.services.FreePort;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.SnsHttpServer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The DynamoDB command store against DynamoDB Local; the SNS publisher against the local SNS and ElasticMQ. */
class CommandAdaptersIT {
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "000000000000";
    private static final String TABLE = "catalog-test-commands";

    private static EmbeddedDynamoDb dynamoDb;
    private static EmbeddedSqs sqsServer;
    private static SnsHttpServer snsServer;
    private static AwsClients clients;
    private static SqsClient sqs;
    private static LocalSns localSns;
    private static DynamoDbCommandStore store;
    private static software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDbClient;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = EmbeddedDynamoDb.start(FreePort.find());
        sqsServer = EmbeddedSqs.start(REGION, ACCOUNT, FreePort.find());
        // SQS first: the local SNS delivers into it.
        LocalEndpoints sqsOnly = new LocalEndpoints(REGION, ACCOUNT, sqsServer.endpoint(), URI.create("http://127.0.0.1:1"),
                URI.create("http://127.0.0.1:1"), dynamoDb.endpoint());
        var sqsBuilder = SqsClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        new LocalClientSettings(sqsOnly).configure(sqsBuilder);
        sqs = sqsBuilder.build();
        localSns = new LocalSns(REGION, ACCOUNT, sqs, Clock.systemUTC(), () -> UUID.randomUUID().toString(), message -> { });
        snsServer = new SnsHttpServer(localSns, 0);
        clients = new AwsClients(new LocalClientSettings(new LocalEndpoints(REGION, ACCOUNT, sqsServer.endpoint(), snsServer.endpoint(),
                URI.create("http://127.0.0.1:1"), dynamoDb.endpoint())));
        // DynamoDB Local accepts only letters and digits in access key ids (LocalClientSettings uses hyphens).
        dynamoDbClient = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .region(software.amazon.awssdk.regions.Region.of(REGION)).endpointOverride(dynamoDb.endpoint())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("localkey", "localsecret")))
                .build();
        // as CommandsTable in handlers/command-api.yml
        dynamoDbClient.createTable(request -> request.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        store = new DynamoDbCommandStore(dynamoDbClient, TABLE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynamoDbClient != null) {
            dynamoDbClient.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (snsServer != null) {
            snsServer.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (sqsServer != null) {
            sqsServer.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    private static CommandRecord accepted(String requestHash) {
        return CommandRecord.accepted(UUID.randomUUID(), "product.create", UUID.randomUUID(), "user-1", "corr-1", requestHash,
                Instant.parse("2026-11-21T09:15:02.301Z"));
    }

    @Test
    void storesAnAcceptedCommandWithTheContractsAttributes() {
        CommandRecord command = accepted("a".repeat(64));

        assertEquals(Optional.empty(), store.insertIfAbsent(command));

        var item = dynamoDbClient.getItem(request -> request.tableName(TABLE)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("command#" + command.commandId()))))
                .item();
        assertEquals("ACCEPTED", item.get("status").s());
        assertEquals(command.productId().toString(), item.get("aggregateId").s());
        assertEquals("user-1", item.get("actor").s());
        assertEquals("2026-11-21T09:15:02.301Z", item.get("acceptedAt").s());
        assertEquals(Long.toString(Instant.parse("2026-11-28T09:15:02.301Z").getEpochSecond()), item.get("ttl").n());
        assertEquals(Optional.of(command), store.find(command.commandId()));
    }

    @Test
    void secondInsertLeavesTheFirstAndReturnsIt() {
        CommandRecord first = accepted("a".repeat(64));
        store.insertIfAbsent(first);
        CommandRecord second = new CommandRecord(first.commandId(), "product.create", CommandStatus.ACCEPTED, UUID.randomUUID(),
                "user-2", "corr-2", "b".repeat(64), Instant.now(), null, null, null);

        assertEquals(Optional.of(first), store.insertIfAbsent(second));
        assertEquals(Optional.of(first), store.find(first.commandId()));
    }

    @Test
    void storesABatchOfNewCommandsTogetherAndNothingWhenOneIdIsTaken() {
        List<CommandRecord> fresh = List.of(accepted("a".repeat(64)), accepted("b".repeat(64)), accepted("c".repeat(64)));
        assertTrue(store.insertAllIfNoneExist(fresh));
        fresh.forEach(command -> assertEquals(Optional.of(command), store.find(command.commandId())));

        CommandRecord newcomer = accepted("d".repeat(64));
        assertFalse(store.insertAllIfNoneExist(List.of(newcomer, fresh.get(1))));
        assertEquals(Optional.empty(), store.find(newcomer.commandId()), "nothing of a batch with a taken id is written");
        assertEquals(Optional.of(fresh.get(1)), store.find(fresh.get(1).commandId()));
    }

    @Test
    void readsCompletedCommandsAndMissingOnes() {
        CommandRecord done = new CommandRecord(UUID.randomUUID(), "product.update", CommandStatus.SUCCEEDED, UUID.randomUUID(), "u",
                "c", "h", Instant.parse("2026-11-21T09:15:02Z"), Instant.parse("2026-11-21T09:15:03Z"),
                new CommandRecord.CommandResult(UUID.randomUUID(), 4L), null);
        store.insertIfAbsent(done);

        assertEquals(Optional.of(done), store.find(done.commandId()));
        assertEquals(Optional.empty(), store.find(UUID.randomUUID()));
    }

    @Test
    void translatesAMissingTableIntoTheDomainsException() {
        DynamoDbCommandStore nowhere = new DynamoDbCommandStore(dynamoDbClient, "no-such-table");

        assertThrows(CommandStoreUnavailableException.class, () -> nowhere.insertIfAbsent(accepted("h")));
        assertThrows(CommandStoreUnavailableException.class, () -> nowhere.find(UUID.randomUUID()));
    }

    @Test
    void publishesToTheFifoTopicWithGroupDedupIdAndAttributes() throws Exception {
        String topicArn = clients.sns().createTopic(request -> request.name("commands-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "false"))).topicArn();
        String queueUrl = fifoQueueSubscribedTo(topicArn);
        SnsCommandPublisher publisher = new SnsCommandPublisher(clients.sns(), topicArn, Json.mapper());
        CommandEnvelope single = command("product.create");
        List<CommandEnvelope> batch = List.of(command("product.update"), command("product.delete"));

        publisher.publish(single);
        publisher.publishAll(batch);
        publisher.publish(single); // a retry: dropped by the deduplication id

        List<Message> messages = drain(queueUrl);
        assertEquals(3, messages.size());
        // Each command has its own product, so its own message group: FIFO orders within a group only.
        Map<String, CommandEnvelope> expected = Map.of(single.commandId().toString(), single,
                batch.get(0).commandId().toString(), batch.get(0), batch.get(1).commandId().toString(), batch.get(1));
        assertEquals(expected.keySet(), messages.stream()
                .map(message -> message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .collect(java.util.stream.Collectors.toSet()));
        for (Message message : messages) {
            JsonNode body = Json.mapper().readTree(message.body());
            CommandEnvelope command = expected.get(body.get("commandId").asText());
            assertEquals(Json.mapper().readTree(Json.mapper().writeValueAsString(command)), body);
            assertEquals(command.aggregateId(), message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
            assertEquals(command.commandId().toString(),
                    message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            assertEquals(command.type(), message.messageAttributes().get("type").stringValue());
            assertEquals("user-7f3a9c", message.messageAttributes().get("actor").stringValue());
            assertEquals("corr-9", message.messageAttributes().get("correlationId").stringValue());
        }
    }

    @Test
    void reportsEveryCommandOfAFailedBatch() {
        SnsCommandPublisher publisher = new SnsCommandPublisher(clients.sns(),
                "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":missing.fifo", Json.mapper());
        List<CommandEnvelope> batch = List.of(command("product.update"), command("product.delete"));

        CommandPublishFailedException failure = assertThrows(CommandPublishFailedException.class, () -> publisher.publishAll(batch));

        assertEquals(batch.stream().map(CommandEnvelope::commandId).toList(), failure.unpublishedCommandIds());
        assertThrows(CommandPublishFailedException.class, () -> publisher.publish(batch.get(0)));
    }

    private static CommandEnvelope command(String type) {
        var payload = Json.mapper().createObjectNode().put("productId", UUID.randomUUID().toString()).put("name", "Desk");
        return new CommandEnvelope(UUID.randomUUID(), type, 1, Instant.parse("2026-11-21T09:15:02Z"),
                new Actor("user-7f3a9c", List.of("editor")), "corr-9", payload);
    }

    private static String fifoQueueSubscribedTo(String topicArn) {
        String url = sqs.createQueue(request -> request.queueName("commands-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(request -> request.topicArn(topicArn).protocol("sqs").endpoint(arn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return url;
    }

    private static List<Message> drain(String queueUrl) {
        localSns.awaitDeliveries();
        List<Message> messages = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            messages.addAll(received);
            received.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
        } while (!received.isEmpty());
        assertTrue(messages.size() <= 10);
        return messages;
    }
}
