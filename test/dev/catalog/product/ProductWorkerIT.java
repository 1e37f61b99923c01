package dev.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.aws.AwsClients;
import dev.catalog.aws.ClientSettings;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.EnvironmentVariables;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.contract.Schemas;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.local.services.EmbeddedPostgres;
import dev.catalog.local.aws.sqs.EmbeddedSqs;
import dev.catalog.local.services.FreePort;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.SnsHttpServer;
import dev.catalog.outbox.OutboxSweeperHandler;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context.BeforeExecution;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The product worker and the outbox sweeper against real PostgreSQL (migrations applied, connected
 * as the least-privilege {@code catalog_app} role), ElasticMQ and the local SNS, built through
 * their {@code FunctionEnvironment} constructors as Lambda builds them.
 */
class ProductWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "000000000000";
    private static final String SAMPLE = "events/sqs-product-commands-batch.json";
    private static final String P1 = "5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c01";
    private static final String P2 = "5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c02";

    private static EmbeddedPostgres postgres;
    private static EmbeddedSqs embeddedSqs;
    private static SqsClient sqs;
    private static LocalSns localSns;
    private static SnsHttpServer snsServer;
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    /** Every SNS API call the functions make, by request type. */
    private final List<String> snsCalls = new CopyOnWriteArrayList<>();
    private String eventsTopicArn;
    private String repliesTopicArn;
    private String eventsQueueUrl;
    private String repliesQueueUrl;

    @BeforeAll
    static void startServices() throws Exception {
        postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"));
        dev.catalog.testsupport.Schema.createMigrated(postgres, "postgres");
        embeddedSqs = EmbeddedSqs.start(REGION, ACCOUNT, FreePort.find());
        LocalEndpoints sqsOnly = endpoints(URI.create("http://127.0.0.1:1"));
        sqs = SqsClient.builder().applyMutation(builder -> new LocalClientSettings(sqsOnly).configure(builder)).build();
        localSns = new LocalSns(REGION, ACCOUNT, sqs);
        snsServer = new SnsHttpServer(localSns, 0);
        localSns.useServiceEndpoint(snsServer.endpoint());
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (snsServer != null) {
            snsServer.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (embeddedSqs != null) {
            embeddedSqs.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Fresh topics and queues per test: the FIFO topic's five-minute deduplication must not span tests. */
    @BeforeEach
    void freshTopicsQueuesAndTables() throws SQLException {
        int test = TEST_NUMBER.incrementAndGet();
        eventsTopicArn = localSns.createTopic("events-" + test + ".fifo", Map.of("FifoTopic", "true"));
        repliesTopicArn = localSns.createTopic("replies-" + test, Map.of());
        eventsQueueUrl = subscribedQueue(eventsTopicArn, "events-" + test + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
        repliesQueueUrl = subscribedQueue(repliesTopicArn, "replies-" + test, Map.of());
        superuser("TRUNCATE products, processed_commands, outbox; DROP TRIGGER IF EXISTS fail_for_product ON products");
    }

    @Test
    void appliesCreateUpdateDeleteOfOneGroupInOrderAndPublishesEventsAndReplies() throws Exception {
        SQSBatchResponse response = worker().handleRequest(sample(), context());

        assertEquals(List.of(), failedIds(response));
        assertEquals("Walnut desk, oiled|3|true", query("SELECT name || '|' || version || '|' || deleted FROM products WHERE id = '" + P1 + "'"));
        assertEquals("Oak shelf|1|false", query("SELECT name || '|' || version || '|' || deleted FROM products WHERE id = '" + P2 + "'"));
        List<JsonNode> events = bodies(drain(eventsQueueUrl));
        // FIFO order holds within a message group (the product), which is what consumers rely on.
        assertEquals(List.of("product.created:1:Walnut desk", "product.updated:2:Walnut desk, oiled", "product.deleted:3:Walnut desk, oiled"),
                events.stream().filter(event -> event.get("aggregateId").asText().equals(P1)).map(event -> event.get("type").asText() + ":"
                        + event.get("aggregateVersion").asText() + ":" + event.at("/payload/name").asText()).toList());
        assertEquals(List.of("product.created:1:Oak shelf"), events.stream().filter(event -> event.get("aggregateId").asText().equals(P2))
                .map(event -> event.get("type").asText() + ":" + event.get("aggregateVersion").asText() + ":" + event.at("/payload/name").asText())
                .toList());
        Map<String, String> replies = new HashMap<>();
        for (JsonNode reply : bodies(drain(repliesQueueUrl))) {
            replies.put(reply.get("commandId").asText().substring(34), reply.get("status").asText() + reply.at("/error/code").asText(""));
        }
        assertEquals(Map.of("01", "SUCCEEDED", "02", "SUCCEEDED", "03", "SUCCEEDED", "04", "SUCCEEDED", "05", "FAILEDPRODUCT_NOT_FOUND"), replies);
        assertEquals("0", query("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
    }

    @Test
    void everyPublishedEventAndReplyMatchesItsSchemaAndCarriesItsFilterAttributes() throws Exception {
        worker().handleRequest(sample(), context());

        List<Message> events = drain(eventsQueueUrl);
        assertEquals(4, events.size());
        for (Message event : events) {
            JsonNode body = JSON.readTree(event.body());
            assertEquals(Set.of(), Schemas.violations("event.v1.json", body));
            assertEquals(Set.of(), Schemas.violations("product-snapshot.v1.json", body.get("payload")));
            assertEquals(body.get("aggregateId").asText(), event.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
            assertEquals(body.get("eventId").asText(), event.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
            assertEquals(UUID.nameUUIDFromBytes((body.get("causationId").asText() + ":" + body.get("type").asText()).getBytes()).toString(),
                    body.get("eventId").asText());
            assertEquals(body.get("type").asText(), event.messageAttributes().get("type").stringValue());
            assertEquals(body.get("correlationId").asText(), event.messageAttributes().get("correlationId").stringValue());
        }
        List<Message> replies = drain(repliesQueueUrl);
        assertEquals(5, replies.size());
        for (Message reply : replies) {
            JsonNode body = JSON.readTree(reply.body());
            assertEquals(Set.of(), Schemas.violations("reply.v1.json", body));
            assertEquals(body.get("status").asText(), reply.messageAttributes().get("status").stringValue());
            assertEquals("user-7f3c", reply.messageAttributes().get("actor").stringValue());
            assertEquals(body.get("type").asText(), reply.messageAttributes().get("type").stringValue());
        }
    }

    @Test
    void appliesACommandOnceWhenTheSameCommandIsDeliveredTwice() throws Exception {
        SQSEvent first = sample(0);
        SQSEvent redelivered = sample(0);
        redelivered.getRecords().get(0).setMessageId("a9c4e1f2-0001-4d3b-8e5f-6a7b8c9d0e99");
        ProductWorkerHandler worker = worker();

        worker.handleRequest(first, context());
        int callsAfterFirst = snsCalls.size();
        SQSBatchResponse second = worker.handleRequest(redelivered, context());

        assertEquals(List.of(), failedIds(second));
        assertEquals(callsAfterFirst, snsCalls.size(), "the duplicate publishes nothing");
        assertEquals("1|1|2", query("SELECT (SELECT count(*) FROM products) || '|' || (SELECT count(*) FROM processed_commands)"
                + " || '|' || (SELECT count(*) FROM outbox)"));
        assertEquals(1, drain(eventsQueueUrl).size());
        assertEquals(1, drain(repliesQueueUrl).size());
    }

    @Test
    void aWorkerThatCrashedBeforeSqsDeletedTheBatchCausesNoSecondEffectOrReply() throws Exception {
        worker().handleRequest(sample(), context());
        drain(eventsQueueUrl);
        drain(repliesQueueUrl);
        String stateAfterFirstRun = query("SELECT string_agg(id || ':' || version || ':' || updated_at, ',' ORDER BY id) FROM products");
        int callsAfterFirstRun = snsCalls.size();

        // A fresh container (the first one died after its commits), handed the very same batch again.
        SQSBatchResponse rerun = worker().handleRequest(sample(), context());

        assertEquals(List.of(), failedIds(rerun));
        assertEquals(stateAfterFirstRun, query("SELECT string_agg(id || ':' || version || ':' || updated_at, ',' ORDER BY id) FROM products"));
        assertEquals("5|9", query("SELECT (SELECT count(*) FROM processed_commands) || '|' || (SELECT count(*) FROM outbox)"));
        assertEquals(callsAfterFirstRun, snsCalls.size());
        assertEquals(0, drain(eventsQueueUrl).size());
        assertEquals(0, drain(repliesQueueUrl).size());
    }

    @Test
    void aDatabaseFailureFailsTheRestOfItsGroupButNotOtherGroups() throws Exception {
        superuser("""
                CREATE OR REPLACE FUNCTION fail_for_product() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.id = '%s' THEN RAISE EXCEPTION 'simulated storage failure'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER fail_for_product BEFORE INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION fail_for_product();
                """.formatted(P1));
        ProductWorkerHandler worker = worker();

        SQSBatchResponse response = worker.handleRequest(sample(), context());

        // Records 1, 2 and 4 are P1's group; record 3 (P2) and 5 (unknown product) go on.
        assertEquals(List.of("a9c4e1f2-0001-4d3b-8e5f-6a7b8c9d0e01", "a9c4e1f2-0002-4d3b-8e5f-6a7b8c9d0e02",
                "a9c4e1f2-0004-4d3b-8e5f-6a7b8c9d0e04"), failedIds(response));
        assertEquals("2|" + P2, query("SELECT (SELECT count(*) FROM processed_commands) || '|' || (SELECT string_agg(id::text, ',') FROM products)"));
        assertEquals(2, drain(repliesQueueUrl).size());

        superuser("DROP TRIGGER fail_for_product ON products");
        SQSEvent retried = sample(0, 1, 3);
        assertEquals(List.of(), failedIds(worker.handleRequest(retried, context())));
        assertEquals("Walnut desk, oiled|3|true", query("SELECT name || '|' || version || '|' || deleted FROM products WHERE id = '" + P1 + "'"));
    }

    @Test
    void aMalformedMessageFailsAloneWithTheRestOfItsGroup() throws Exception {
        SQSEvent event = sample();
        event.getRecords().get(1).setBody("{\"commandId\":\"not a command\"}");

        SQSBatchResponse response = worker().handleRequest(event, context());

        assertEquals(List.of("a9c4e1f2-0002-4d3b-8e5f-6a7b8c9d0e02", "a9c4e1f2-0004-4d3b-8e5f-6a7b8c9d0e04"), failedIds(response));
        assertEquals("3", query("SELECT count(*) FROM processed_commands"));
    }

    @Test
    void aPublishFailureAfterCommitLeavesTheRowsForTheSweeperWhichPublishesThemOnce() throws Exception {
        URI unreachableSns = URI.create("http://127.0.0.1:" + FreePort.find());
        ProductWorkerHandler cutOff = ProductWorkerHandler.from(environment(endpoints(unreachableSns)));

        SQSBatchResponse response = cutOff.handleRequest(sample(), context());

        assertEquals(List.of(), failedIds(response), "the effects are committed, so no message is retried");
        assertEquals("9", query("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
        snsCalls.clear();
        OutboxSweeperHandler sweeper = OutboxSweeperHandler.from(environment());
        sweeper.handleRequest(null, context());
        assertEquals("9", query("SELECT count(*) FROM outbox WHERE published_at IS NULL"), "younger than the 30 s grace period");

        superuser("UPDATE outbox SET created_at = created_at - interval '31 seconds'");
        sweeper.handleRequest(null, context());
        sweeper.handleRequest(null, context());

        assertEquals("0", query("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
        assertEquals(List.of("PublishBatchRequest", "PublishBatchRequest"), snsCalls, "one sweep, one request per topic");
        assertEquals(4, drain(eventsQueueUrl).size());
        assertEquals(5, drain(repliesQueueUrl).size());
    }

    @Test
    void aBatchOfTenCommandsIsPublishedWithOneRequestPerTopic() throws Exception {
        SQSEvent tenCreates = new SQSEvent();
        List<SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SQSMessage message = sample(2).getRecords().get(0);
            String productId = String.format("5c1e7a2b-1d3f-4a6b-8c9d-%012d", i);
            String commandId = String.format("7d2e4f60-0000-4a1b-9c2d-%012d", i);
            message.setBody(message.getBody().replace(P2, productId).replace("7d2e4f60-0000-4a1b-9c2d-3e4f5a6b7c03", commandId));
            message.setMessageId(UUID.randomUUID().toString());
            message.getAttributes().put("MessageGroupId", productId);
            records.add(message);
        }
        tenCreates.setRecords(records);

        SQSBatchResponse response = worker().handleRequest(tenCreates, context());

        assertEquals(List.of(), failedIds(response));
        assertEquals(List.of("PublishBatchRequest", "PublishBatchRequest"), snsCalls);
        assertEquals(10, drain(eventsQueueUrl).size());
        assertEquals(10, drain(repliesQueueUrl).size());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private ProductWorkerHandler worker() {
        return ProductWorkerHandler.from(environment());
    }

    private FunctionEnvironment environment() {
        return environment(endpoints(snsServer.endpoint()));
    }

    /** The function's environment, with every SNS call recorded in {@link #snsCalls}. */
    private FunctionEnvironment environment(LocalEndpoints endpoints) {
        URI jdbc = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
        CatalogSettings settings = CatalogSettings.from(Map.of(
                EnvironmentVariables.STAGE, "test",
                EnvironmentVariables.EVENTS_TOPIC_ARN, eventsTopicArn,
                EnvironmentVariables.REPLIES_TOPIC_ARN, repliesTopicArn,
                EnvironmentVariables.DB_HOST, jdbc.getHost(),
                EnvironmentVariables.DB_PORT, Integer.toString(jdbc.getPort()),
                EnvironmentVariables.DB_NAME, "postgres",
                EnvironmentVariables.DB_USER, "catalog_app",
                EnvironmentVariables.DB_ROOT_CERTIFICATE, postgres.certificate().certificate().toString()));
        return new FunctionEnvironment(settings, new AwsClients(new RecordingSettings(new LocalClientSettings(endpoints), snsCalls)),
                Clock.systemUTC());
    }

    private static LocalEndpoints endpoints(URI sns) {
        URI unused = URI.create("http://127.0.0.1:1");
        return new LocalEndpoints(REGION, ACCOUNT, embeddedSqs.endpoint(), sns, unused, unused);
    }

    /** The local settings, plus an interceptor that records every SNS API call (not every HTTP attempt). */
    private record RecordingSettings(LocalClientSettings local, List<String> snsCalls) implements ClientSettings {
        @Override
        public void configure(AwsClientBuilder<?, ?> builder) {
            local.configure(builder);
            if (builder instanceof SnsClientBuilder) {
                builder.overrideConfiguration(configuration -> configuration.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(BeforeExecution context, ExecutionAttributes attributes) {
                        snsCalls.add(context.request().getClass().getSimpleName());
                    }
                }));
            }
        }

        @Override
        public AwsCredentialsProvider credentials() {
            return local.credentials();
        }

        @Override
        public Region region() {
            return local.region();
        }

        @Override
        public void configureJdbc(Properties properties) {
            local.configureJdbc(properties);
        }
    }

    private static LocalContext context() {
        return LocalContext.forTest("productWorker");
    }

    private static SQSEvent sample(int... indexes) {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        if (indexes.length > 0) {
            List<SQSMessage> chosen = new ArrayList<>();
            for (int index : indexes) {
                chosen.add(event.getRecords().get(index));
            }
            event.setRecords(chosen);
        }
        return event;
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }

    private static String subscribedQueue(String topicArn, String name, Map<QueueAttributeName, String> attributes) {
        String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        localSns.subscribe(topicArn, "sqs", arn, Map.of("RawMessageDelivery", "true"));
        return url;
    }

    /** Everything in the queue, in delivery order, once SNS has delivered what it accepted. */
    private static List<Message> drain(String queueUrl) {
        localSns.awaitDeliveries();
        List<Message> all = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            all.addAll(received);
            received.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
        } while (!received.isEmpty());
        return all;
    }

    private static List<JsonNode> bodies(List<Message> messages) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (Message message : messages) {
            bodies.add(JSON.readTree(message.body()));
        }
        return bodies;
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource("postgres").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource("postgres").getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
