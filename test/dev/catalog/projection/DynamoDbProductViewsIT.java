package dev.catalog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import dev.catalog.local.lambda.LocalContext;
import dev.catalog.projection.ProductViews.PutOutcome;
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
