package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Product commands end to end on the pipeline booted from serverless.yml: HTTP API → commands
 * topic → product worker → Aurora + outbox → events → projector → views, replies → status writer.
 * Written once; each subclass names the backend it runs on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductCommandsSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PipelineUnderTest pipeline;
    private String repliesQueueUrl;

    /** Starts the pipeline on the backend this run is about. */
    protected abstract PipelineUnderTest startPipeline() throws Exception;

    @BeforeAll
    void boot() throws Exception {
        pipeline = startPipeline();
        // A client subscription to the replies topic, filtered on its own actor as the design intends.
        repliesQueueUrl = pipeline.sqs().createQueue(request -> request.queueName("e2e-editor-replies")).queueUrl();
        String queueArn = pipeline.sqs().getQueueAttributes(request -> request.queueUrl(repliesQueueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String repliesTopic = topicArn(":catalog-dev-replies");
        pipeline.sns().subscribe(request -> request.topicArn(repliesTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"actor\":[\"local-editor\"]}")));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void createUpdateDeleteFiredBackToBackApplyInOrder() throws Exception {
        JsonNode created = accepted(send("POST", "/v1/products", "editor", "{\"name\":\"Walnut desk\",\"description\":\"Oiled\"}"));
        String productId = created.get("productId").asText();
        JsonNode updated = accepted(send("PATCH", "/v1/products/" + productId, "editor", "{\"name\":\"Walnut desk, large\"}"));
        JsonNode deleted = accepted(send("DELETE", "/v1/products/" + productId, "editor", null));

        for (JsonNode command : List.of(created, updated, deleted)) {
            assertEquals("SUCCEEDED", awaitCompletion(command.get("commandId").asText()).get("status").asText(), command.toString());
        }
        Map<String, Object> row = auroraRow(productId);
        assertEquals(3L, row.get("version"));
        assertEquals(true, row.get("deleted"));
        assertEquals("Walnut desk, large", row.get("name"));
        await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", "/v1/products/" + productId, "viewer", null).statusCode() == 404);
    }

    @Test
    void twoHundredConcurrentCommandsAllSucceedAndEveryViewEqualsAurora() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<JsonNode>> submitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = "{\"name\":\"Chair " + i + "\",\"description\":\"Batch " + i + "\"}";
            submitted.add(clients.submit(() -> accepted(send("POST", "/v1/products", "editor", body))));
        }
        List<JsonNode> accepted = new ArrayList<>();
        for (Future<JsonNode> future : submitted) {
            accepted.add(future.get());
        }
        clients.shutdown();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> accepted.stream()
                .allMatch(command -> "SUCCEEDED".equals(commandStatus(command.get("commandId").asText()))));
        for (JsonNode command : accepted) {
            String productId = command.get("productId").asText();
            Map<String, Object> row = auroraRow(productId);
            await().atMost(Duration.ofSeconds(10)).until(() -> view(productId) != null);
            Map<String, AttributeValue> view = view(productId);
            assertEquals(row.get("name"), view.get("name").s(), productId);
            assertEquals(row.get("description"), view.get("description").s(), productId);
            assertEquals(String.valueOf(row.get("version")), view.get("version").n(), productId);
        }
    }

    @Test
    void aCommandDeliveredTwiceChangesAuroraOnceAndRepliesOnce() throws Exception {
        String productId = createAndWait("Oak shelf");
        UUID commandId = UUID.randomUUID();
        String command = JSON.createObjectNode()
                .put("commandId", commandId.toString()).put("type", "product.update").put("schemaVersion", 1)
                .put("issuedAt", "2026-11-21T10:00:00Z").put("correlationId", "e2e-duplicate")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("actor", JSON.createObjectNode().put("sub", "local-editor")
                        .set("roles", JSON.createArrayNode().add("editor")))
                .set("payload", JSON.createObjectNode().put("productId", productId).put("name", "Oak shelf, twice")).toString();

        // Two publishes with different deduplication ids: SNS delivers both, as a redelivery would.
        for (int delivery = 0; delivery < 2; delivery++) {
            pipeline.sns().publish(request -> request.topicArn(topicArn(":catalog-dev-commands.fifo")).message(command)
                    .messageGroupId(productId).messageDeduplicationId(UUID.randomUUID().toString())
                    .messageAttributes(Map.of(
                            "type", MessageAttributeValue.builder().dataType("String").stringValue("product.update").build(),
                            "actor", MessageAttributeValue.builder().dataType("String").stringValue("local-editor").build())));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> repliesFor(commandId.toString()).size() >= 1);
        Thread.sleep(2000); // give a second, wrong, reply the time to arrive
        assertEquals(1, repliesFor(commandId.toString()).size(), "one reply for one command");
        assertEquals(2L, auroraRow(productId).get("version"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(view(productId).get("version").n()));
    }

    @Test
    void aWorkerCrashAfterCommitBeforeTheDeleteCausesNoDuplicateEffect() throws Exception {
        String productId = createAndWait("Teak bench");
        pipeline.faults().loseDeletes("productWorker", 1);
        int workerBatchesBefore = workerBatches();

        JsonNode update = accepted(send("PATCH", "/v1/products/" + productId, "editor", "{\"description\":\"Weatherproof\"}"));

        assertEquals("SUCCEEDED", awaitCompletion(update.get("commandId").asText()).get("status").asText());
        // The crash happened: the delete was lost, and the message came back after the 1 s retry delay and was handled again.
        assertEquals(0, pipeline.faults().pendingLostDeletes("productWorker"), "the worker's delete was lost");
        await().atMost(Duration.ofSeconds(10)).until(() -> workerBatches() >= workerBatchesBefore + 2);
        Thread.sleep(1000); // give a second, wrong, effect of the redelivery the time to land
        assertEquals(2L, auroraRow(productId).get("version"), "applied once");
        assertEquals(1, repliesFor(update.get("commandId").asText()).size(), "replied once");
    }

    /** The product worker's successful batches so far: a redelivered message is a second one. */
    private int workerBatches() {
        return (int) pipeline.invocations().stream()
                .filter(invocation -> invocation.function().equals("productWorker") && invocation.outcome().equals("ok")).count();
    }

    @Test
    void viewersCannotWriteAndTokensAreRequired() throws Exception {
        HttpResponse<String> asViewer = send("POST", "/v1/products", "viewer", "{\"name\":\"Pine box\"}");
        HttpResponse<String> anonymous = send("POST", "/v1/products", null, "{\"name\":\"Pine box\"}");

        assertEquals(403, asViewer.statusCode());
        assertEquals("application/problem+json", asViewer.headers().firstValue("content-type").orElse(""));
        assertEquals("FORBIDDEN", JSON.readTree(asViewer.body()).get("code").asText());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstAnswerAndPublishesOnce() throws Exception {
        String key = "e2e-" + UUID.randomUUID();
        HttpResponse<String> first = send("POST", "/v1/products", "editor", "{\"name\":\"Maple tray\"}", Map.of("Idempotency-Key", key));
        HttpResponse<String> retried = send("POST", "/v1/products", "editor", "{\"name\":\"Maple tray\"}", Map.of("Idempotency-Key", key));

        assertEquals(202, first.statusCode());
        assertEquals(JSON.readTree(first.body()).get("commandId"), JSON.readTree(retried.body()).get("commandId"));
        assertEquals(JSON.readTree(first.body()).get("productId"), JSON.readTree(retried.body()).get("productId"));
        String commandId = JSON.readTree(first.body()).get("commandId").asText();
        assertEquals("SUCCEEDED", awaitCompletion(commandId).get("status").asText());
        Thread.sleep(1500);
        assertEquals(1, repliesFor(commandId).size());
    }

    @Test
    void badInputGetsProblemJsonAndNothingReachesAQueue() throws Exception {
        List<BadRequest> corpus = BadRequestCorpus.cases(UUID.randomUUID().toString());
        assertTrue(corpus.size() >= 50, "corpus size " + corpus.size());
        long commandsBefore = commandItems();

        for (BadRequest bad : corpus) {
            HttpResponse<String> response = send(bad.method(), bad.path(), "editor", bad.body(), bad.headers());
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, bad + " → " + response.statusCode() + " " + response.body());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json")
                    || response.statusCode() == 404 && response.body().equals("{\"message\":\"Not Found\"}"), bad + " → " + response.body());
        }

        Thread.sleep(1000);
        assertEquals(commandsBefore, commandItems(), "no command was accepted");
        for (String queue : List.of("catalog-dev-product-commands.fifo", "catalog-dev-projections.fifo", "catalog-dev-command-status")) {
            String url = pipeline.sqs().getQueueUrl(request -> request.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> depth = pipeline.sqs().getQueueAttributes(request -> request.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertEquals("0", depth.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), queue);
            assertEquals("0", depth.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE), queue);
        }
    }

    @Test
    void namesTheApiAcceptsTheWorkerAppliesAndTheListingFindsComposedOrNot() throws Exception {
        // 150 parcels are 300 UTF-16 units: the worker once counted those and failed what the API had accepted.
        String parcels = "\uD83D\uDCE6".repeat(150);
        String parcelsId = createAndWait(parcels);
        assertEquals(parcels, auroraRow(parcelsId).get("name"));

        String marker = UUID.randomUUID().toString().substring(0, 8);
        String decomposedId = createAndWait("Cafe\u0301 " + marker);
        assertEquals("Caf\u00e9 " + marker, auroraRow(decomposedId).get("name"), "stored composed (NFC)");
        String prefix = java.net.URLEncoder.encode("CAFE\u0301 " + marker, java.nio.charset.StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> page = send("GET", "/v1/products?prefix=" + prefix, "viewer", null);
            return page.statusCode() == 200 && page.body().contains(decomposedId);
        });
    }

    record BadRequest(String method, String path, String body, Map<String, String> headers) {
    }

    private String createAndWait(String name) throws Exception {
        JsonNode created = accepted(send("POST", "/v1/products", "editor", "{\"name\":\"" + name + "\"}"));
        assertEquals("SUCCEEDED", awaitCompletion(created.get("commandId").asText()).get("status").asText());
        return created.get("productId").asText();
    }

    private JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("/v1/commands/" + body.get("commandId").asText(), response.headers().firstValue("location").orElse(""));
        return body;
    }

    private JsonNode awaitCompletion(String commandId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> response = send("GET", "/v1/commands/" + commandId, "viewer", null);
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        }, status -> status != null && !"ACCEPTED".equals(status.get("status").asText()));
    }

    private String commandStatus(String commandId) {
        try {
            HttpResponse<String> response = send("GET", "/v1/commands/" + commandId, "viewer", null);
            return response.statusCode() == 200 ? JSON.readTree(response.body()).get("status").asText() : "UNKNOWN";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String path, String role, String body) throws Exception {
        return send(method, path, role, body, Map.of());
    }

    HttpResponse<String> send(String method, String path, String role, String body, Map<String, String> headers) throws Exception {
        // API Gateway's own limit: a cold start of the packaged function on a busy machine fits in it.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pipeline.apiBaseUri() + path)).timeout(Duration.ofSeconds(30));
        if (role != null) {
            request.header("authorization", "Bearer " + pipeline.token(role));
        }
        Map<String, String> all = new HashMap<>();
        if (body != null) {
            all.put("content-type", "application/json");
        }
        all.putAll(headers);
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> auroraRow(String productId) throws Exception {
        try (Connection connection = pipeline.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT name, description, version, deleted FROM products WHERE id = ?::uuid")) {
            select.setString(1, productId);
            ResultSet row = select.executeQuery();
            assertTrue(row.next(), "no Aurora row for " + productId);
            return Map.of("name", row.getString("name"), "description", row.getString("description"),
                    "version", row.getLong("version"), "deleted", row.getBoolean("deleted"));
        }
    }

    private Map<String, AttributeValue> view(String productId) {
        var item = pipeline.dynamoDb().getItem(request -> request.tableName("catalog-dev-product-views")
                .key(Map.of("productId", AttributeValue.fromS(productId))).consistentRead(true));
        return item.hasItem() ? item.item() : null;
    }

    private long commandItems() {
        return pipeline.dynamoDb().scan(request -> request.tableName("catalog-dev-commands").select("COUNT")).count();
    }

    private final List<Message> replies = new java.util.concurrent.CopyOnWriteArrayList<>();

    private synchronized List<JsonNode> repliesFor(String commandId) throws Exception {
        List<Message> received;
        do {
            received = pipeline.sqs().receiveMessage(request -> request.queueUrl(repliesQueueUrl).maxNumberOfMessages(10)).messages();
            for (Message message : received) {
                replies.add(message);
                pipeline.sqs().deleteMessage(request -> request.queueUrl(repliesQueueUrl).receiptHandle(message.receiptHandle()));
            }
        } while (!received.isEmpty());
        List<JsonNode> matching = new ArrayList<>();
        for (Message message : replies) {
            JsonNode reply = JSON.readTree(message.body());
            if (reply.get("commandId").asText().equals(commandId)) {
                matching.add(reply);
            }
        }
        return matching;
    }

    private String topicArn(String suffix) {
        return pipeline.sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith(suffix)).findFirst().orElseThrow();
    }
}
