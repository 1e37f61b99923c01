package dev.catalog.projection;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.projection.ProductViews.PutResult;
import dev.catalog.testsupport.DeclaredTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The product views adapter against DynamoDB Local, with ProductViewsTable as serverless.yml declares it. */
class DynamoDbProductViewsIT {
    private static final Instant CREATED = Instant.parse("2026-11-21T09:15:03.120Z");
    private static DeclaredTables tables;
    private static DynamoDbProductViews views;
    private static String tableName;

    @BeforeAll
    static void createTable() throws Exception {
        tables = DeclaredTables.start("ProductViewsTable");
        tableName = tables.tableName("ProductViewsTable");
        views = new DynamoDbProductViews(tables.dynamoDb(), tableName);
    }

    @AfterAll
    static void stop() throws Exception {
        tables.close();
    }

    @Test
    void eventsInOrderAndShuffledWithDuplicatesConvergeToTheSameItem() {
        UUID id = UUID.randomUUID();
        List<ProductView> history = List.of(live(id, "Walnut desk", 1), live(id, "Walnut desk, oiled", 2), live(id, "Walnut Desk XL", 3));

        List<PutOutcome> inOrder = history.stream().map(views::putIfNewer).toList();
        Map<String, AttributeValue> afterInOrder = rawItem(id);
        tables.dynamoDb().deleteItem(request -> request.tableName(tableName).key(key(id)));
        List<PutOutcome> shuffled = Stream.of(history.get(2), history.get(0), history.get(1), history.get(1))
                .map(views::putIfNewer).toList();

        assertEquals(List.of(PutOutcome.APPLIED, PutOutcome.APPLIED, PutOutcome.APPLIED), inOrder);
        assertEquals(List.of(PutOutcome.APPLIED, PutOutcome.STALE, PutOutcome.STALE, PutOutcome.STALE), shuffled);
        assertEquals(afterInOrder, rawItem(id));
        assertEquals("3", afterInOrder.get("version").n());
        assertEquals("PRODUCT", afterInOrder.get("listing").s());
        assertEquals("walnut desk xl#" + id, afterInOrder.get("nameKey").s());
        assertEquals(Optional.of(history.get(2)), views.get(id));
    }

    @Test
    void aDeleteTombstoneIsNotResurrectedByALateUpdate() {
        UUID id = UUID.randomUUID();
        views.putIfNewer(live(id, "Zebrawood tombstone test", 1));
        ProductView deleted = new ProductView(id, "Zebrawood tombstone test", "", 3, true, CREATED, CREATED.plusSeconds(30));

        assertEquals(PutOutcome.APPLIED, views.putIfNewer(deleted));
        assertEquals(PutOutcome.STALE, views.putIfNewer(live(id, "Zebrawood tombstone test", 2)));

        assertEquals(Optional.of(deleted), views.get(id));
        Map<String, AttributeValue> item = rawItem(id);
        assertTrue(item.get("deleted").bool());
        assertFalse(item.containsKey("listing") || item.containsKey("nameKey"), "a tombstone leaves the listing index: " + item);
        assertTrue(views.listByNamePrefix("zebrawood", 10, Optional.empty()).items().isEmpty());
    }

    @Test
    void getAnswersEmptyForAProductNeverProjected() {
        assertEquals(Optional.empty(), views.get(UUID.randomUUID()));
    }

    @Test
    void prefixListingPagesThroughEveryLiveProductExactlyOnceAndNoDeletedOne() throws Exception {
        Set<UUID> liveDesks = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            UUID id = UUID.randomUUID();
            // Mixed case and equal names: the listing folds case and tells equal names apart by id.
            views.putIfNewer(live(id, (i % 2 == 0 ? "Desk " : "DESK ") + (i % 5), 1));
            if (i % 4 == 0) {
                views.putIfNewer(new ProductView(id, "Desk " + (i % 5), "", 2, true, CREATED, CREATED));
            } else {
                liveDesks.add(id);
            }
        }
        views.putIfNewer(live(UUID.randomUUID(), "Deck chair", 1));
        views.putIfNewer(live(UUID.randomUUID(), "Bookshelf", 1));
        ListProductsHandler handler = new ListProductsHandler(views);

        List<UUID> listed = new ArrayList<>();
        List<String> nameKeys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new HashMap<>(Map.of("prefix", "desk", "limit", "4"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            APIGatewayV2HTTPResponse response = handler.handleRequest(HttpEvents.listProducts(query), LocalContext.forTest("listProducts"));
            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode body = Json.mapper().readTree(response.getBody());
            assertTrue(body.get("items").size() <= 4);
            body.get("items").forEach(item -> {
                listed.add(UUID.fromString(item.get("productId").asText()));
                nameKeys.add(item.get("name").asText().toLowerCase() + "#" + item.get("productId").asText());
            });
            cursor = body.hasNonNull("nextCursor") ? body.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 20);

        assertEquals(liveDesks.size(), listed.size(), "no product listed twice");
        assertEquals(liveDesks, new HashSet<>(listed));
        assertEquals(nameKeys.stream().sorted().toList(), nameKeys, "name order across pages");
        assertEquals(5, pages, "17 live desks in pages of 4, and no empty page at the end");
    }

    @Test
    void oneBatchUpdatesCreatesSkipsStaleAndTombstonesViews() {
        UUID older = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        views.putIfNewer(live(older, "Ash stool", 1));
        views.putIfNewer(live(newer, "Beech stool", 5));
        views.putIfNewer(live(deleted, "Cedar stool batch", 2));
        Map<String, AttributeValue> newerBefore = rawItem(newer);
        ProductView tombstone = new ProductView(deleted, "Cedar stool batch", "", 3, true, CREATED, CREATED.plusSeconds(3));

        UUID created = UUID.randomUUID();
        UUID createdTwice = UUID.randomUUID();
        views.putIfNewer(live(createdTwice, "Maple stool", 2));

        List<PutResult> results = views.putAllIfNewer(List.of(live(older, "Ash stool, oiled", 3), live(missing, "Birch stool", 2),
                live(newer, "Beech stool", 4), tombstone, live(created, "Pine stool", 1), live(createdTwice, "Maple stool", 1)));

        assertEquals(List.of(PutResult.of(PutOutcome.APPLIED), PutResult.of(PutOutcome.APPLIED), PutResult.of(PutOutcome.STALE),
                PutResult.of(PutOutcome.APPLIED), PutResult.of(PutOutcome.APPLIED), PutResult.of(PutOutcome.STALE)), results);
        assertEquals(Optional.of(live(created, "Pine stool", 1)), views.get(created), "a first version is created");
        assertEquals(2, views.get(createdTwice).orElseThrow().version(), "a late first version changes nothing");
        assertEquals(Optional.of(live(older, "Ash stool, oiled", 3)), views.get(older));
        assertEquals("ash stool, oiled#" + older, rawItem(older).get("nameKey").s());
        assertEquals(Optional.of(live(missing, "Birch stool", 2)), views.get(missing), "a missing view is created");
        assertEquals("PRODUCT", rawItem(missing).get("listing").s());
        assertEquals(newerBefore, rawItem(newer), "a stale event is a no-op");
        assertEquals(Optional.of(tombstone), views.get(deleted));
        assertFalse(rawItem(deleted).containsKey("listing") || rawItem(deleted).containsKey("nameKey"), "out of the listing index");
        assertTrue(views.listByNamePrefix("cedar stool batch", 10, Optional.empty()).items().isEmpty());
    }

    @Test
    void moreViewsThanOneRequestTakesAreAllWrittenAndKeepTheirAttachments() {
        List<ProductView> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID id = UUID.randomUUID();
            if (i % 2 == 0) {
                views.putIfNewer(live(id, "Shelf " + i, 1));
                new DynamoDbAttachmentViews(tables.dynamoDb(), tableName).putIfNewer(new AttachmentView(id, UUID.randomUUID(),
                        "Plan.pdf", "application/pdf", 1234, "ab".repeat(32), "STORED", null, 1, CREATED, CREATED));
            }
            batch.add(live(id, "Shelf " + i, 2));
        }

        List<PutResult> results = views.putAllIfNewer(batch);

        assertEquals(java.util.Collections.nCopies(60, PutResult.of(PutOutcome.APPLIED)), results);
        for (int i = 0; i < 60; i++) {
            assertEquals(Optional.of(batch.get(i)), views.get(batch.get(i).productId()));
            assertEquals(i % 2 == 0, rawItem(batch.get(i).productId()).containsKey("attachments"), "product events keep attachments");
        }
    }

    @Test
    void aStatementTheTableRejectsFailsOnlyItsOwnView() {
        UUID fine = UUID.randomUUID();
        UUID tooLarge = UUID.randomUUID();
        views.putIfNewer(live(fine, "Oak bench", 1));
        views.putIfNewer(live(tooLarge, "Elm bench", 1));
        // Near DynamoDB's 400 KB item limit: this update fails on its own, with a code that is no condition failure.
        tables.dynamoDb().updateItem(request -> request.tableName(tableName).key(key(tooLarge))
                .updateExpression("SET padding = :padding")
                .expressionAttributeValues(Map.of(":padding", AttributeValue.fromS("x".repeat(395_000)))));
        ProductView grown = new ProductView(tooLarge, "Elm bench", "y".repeat(20_000), 2, false, CREATED, CREATED);

        List<PutResult> results = views.putAllIfNewer(List.of(grown, live(fine, "Oak bench", 2)));

        assertEquals(PutResult.notWritten("ValidationError"), results.get(0));
        assertEquals(PutResult.of(PutOutcome.APPLIED), results.get(1));
        assertEquals(1, views.get(tooLarge).orElseThrow().version());
    }

    @Test
    void racingCreatesOfOneProductConvergeToTheHighestVersion() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID id = UUID.randomUUID();
            List<ProductView> versions = List.of(live(id, "Race", 1), live(id, "Race", 2), live(id, "Race", 3));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<List<PutResult>>> futures = new ArrayList<>();
                for (ProductView version : versions) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return views.putAllIfNewer(List.of(version));
                    }));
                }
                start.countDown();
                for (var future : futures) {
                    assertTrue(future.get().get(0).written());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(Optional.of(versions.get(2)), views.get(id), "round " + round);
        }
    }

    @Test
    void theProjectorWritesTheNewestVersionOfABatchAcksAllAndConvergesAcrossBatchesOutOfOrder() {
        UUID id = UUID.randomUUID();
        ProjectorHandler handler = new ProjectorHandler(views, new DynamoDbAttachmentViews(tables.dynamoDb(), tableName), Metrics.none());
        UUID attachmentId = UUID.randomUUID();

        SQSBatchResponse first = handler.handleRequest(batch(productEvent(id, "product.created", 1, "Teak table"),
                productEvent(id, "product.updated", 2, "Teak table, oiled"), attachmentEvent(id, attachmentId),
                productEvent(id, "product.updated", 3, "Teak table XL")), LocalContext.forTest("projector"));
        Map<String, AttributeValue> afterFirst = rawItem(id);
        SQSBatchResponse late = handler.handleRequest(batch(productEvent(id, "product.updated", 2, "Teak table, oiled"),
                productEvent(id, "product.created", 1, "Teak table")), LocalContext.forTest("projector"));
        Map<String, AttributeValue> afterLate = rawItem(id);
        SQSBatchResponse deleted = handler.handleRequest(batch(productEvent(id, "product.deleted", 4, "Teak table XL"),
                productEvent(id, "product.updated", 3, "Teak table XL")), LocalContext.forTest("projector"));

        assertTrue(first.getBatchItemFailures().isEmpty(), "every message acknowledged");
        assertEquals("3", afterFirst.get("version").n(), "only the newest version is written");
        assertEquals("Teak table XL", afterFirst.get("name").s());
        assertTrue(afterFirst.get("attachments").m().containsKey(attachmentId.toString()),
                "the attachment of a product created in the same batch is kept");
        assertTrue(late.getBatchItemFailures().isEmpty());
        assertEquals(afterFirst, afterLate, "older versions in a later batch change nothing");
        assertTrue(deleted.getBatchItemFailures().isEmpty());
        assertTrue(views.get(id).orElseThrow().deleted());
        assertFalse(rawItem(id).containsKey("listing"));
    }

    private static SQSEvent batch(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    private static SQSEvent.SQSMessage productEvent(UUID id, String type, long version, String name) {
        var payload = Json.mapper().createObjectNode().put("productId", id.toString()).put("name", name).put("description", "d")
                .put("version", version).put("deleted", type.equals("product.deleted"))
                .put("createdAt", CREATED.toString()).put("updatedAt", CREATED.plusSeconds(version).toString());
        var envelope = Json.mapper().createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", type)
                .put("aggregateId", id.toString()).put("aggregateVersion", version).put("occurredAt", CREATED.toString())
                .put("causationId", UUID.randomUUID().toString()).put("correlationId", "corr-it");
        envelope.set("payload", payload);
        return message(id, envelope.toString(), type);
    }

    private static SQSEvent.SQSMessage attachmentEvent(UUID productId, UUID attachmentId) {
        var attachment = new dev.catalog.attachment.Attachment(attachmentId, productId, "Plan.pdf", "application/pdf", 1234,
                "ab".repeat(32), dev.catalog.attachment.Attachment.AttachmentStatus.STORED, "attachments/x", null, CREATED, CREATED);
        var event = new dev.catalog.attachment.AttachmentMessages(Json.mapper()).uploadProcessed(attachment, "local-editor").stream()
                .filter(message -> message.topic() == dev.catalog.outbox.OutboxTopic.EVENTS).findFirst().orElseThrow();
        return message(productId, event.body(), event.attributes().get("type"));
    }

    private static int sequence;

    private static SQSEvent.SQSMessage message(UUID group, String body, String type) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("it-" + (++sequence));
        message.setBody(body);
        SQSEvent.MessageAttribute typeAttribute = new SQSEvent.MessageAttribute();
        typeAttribute.setDataType("String");
        typeAttribute.setStringValue(type);
        message.setMessageAttributes(Map.of("type", typeAttribute));
        message.setAttributes(Map.of("MessageGroupId", group.toString()));
        return message;
    }

    private static ProductView live(UUID id, String name, long version) {
        return new ProductView(id, name, "version " + version, version, false, CREATED, CREATED.plusSeconds(version));
    }

    private static Map<String, AttributeValue> key(UUID id) {
        return Map.of("productId", AttributeValue.fromS(id.toString()));
    }

    private static Map<String, AttributeValue> rawItem(UUID id) {
        return tables.dynamoDb().getItem(request -> request.tableName(tableName).key(key(id)).consistentRead(true)).item();
    }
}
