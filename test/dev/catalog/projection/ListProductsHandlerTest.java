package dev.catalog.projection;

import static dev.catalog.projection.GetProductHandlerTest.assertProblem;
import static dev.catalog.projection.HttpEvents.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.local.runtime.functions.LocalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ListProductsHandlerTest {
    private static final ProductView DESK = view("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01", "Walnut desk");
    private static final ProductView SHELF = view("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e02", "Walnut shelf");

    private final RecordingProductViews views = new RecordingProductViews();
    private final ListProductsHandler handler = new ListProductsHandler(views);

    @Test
    void listsByTheLowerCasedPrefixWithTheRequestedLimit() throws Exception {
        views.pages.add(new ProductPage(List.of(DESK, SHELF), Optional.of(PageCursor.after(SHELF))));

        APIGatewayV2HTTPResponse response = handle(HttpEvents.listProducts(Map.of("prefix", "Wal", "limit", "2")));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(List.of(new RecordingProductViews.ListCall("wal", 2, Optional.empty())), views.listCalls);
        JsonNode body = body(response);
        assertEquals(List.of("Walnut desk", "Walnut shelf"),
                StreamSupport.stream(body.get("items").spliterator(), false).map(item -> item.get("name").asText()).toList());
        assertEquals(0, body.at("/items/0/attachments").size());
        assertEquals(PageCursor.after(SHELF), PageCursor.decode(body.get("nextCursor").asText(), "wal"));
    }

    @Test
    void foldsADecomposedPrefixAsNamesAreStored() throws Exception {
        views.pages.add(new ProductPage(List.of(), Optional.empty()));

        assertEquals(200, handle(HttpEvents.listProducts(Map.of("prefix", "CAFE\u0301"))).getStatusCode());

        assertEquals("caf\u00e9", views.listCalls.get(0).lowerCasePrefix());
        assertEquals("caf\u00e9#" + DESK.productId(), view(DESK.productId().toString(), "Cafe\u0301").nameKey());
    }

    @Test
    void handsTheNextCursorBackToTheStoreOnTheNextRequest() throws Exception {
        views.pages.add(new ProductPage(List.of(DESK), Optional.of(PageCursor.after(DESK))));
        String cursor = body(handle(HttpEvents.listProducts(Map.of("prefix", "wal", "limit", "1")))).get("nextCursor").asText();

        handle(HttpEvents.listProducts(Map.of("prefix", "wal", "limit", "1", "cursor", cursor)));

        assertEquals(Optional.of(PageCursor.after(DESK)), views.listCalls.get(1).after());
    }

    @Test
    void leavesOutTheNextCursorOnTheLastPage() throws Exception {
        views.pages.add(new ProductPage(List.of(DESK), Optional.empty()));

        JsonNode body = body(handle(HttpEvents.listProducts(Map.of("prefix", "wal"))));

        assertFalse(body.has("nextCursor"), body.toString());
    }

    @Test
    void listsTwentyOfEverythingWithoutParameters() {
        handle(HttpEvents.listProducts(null));

        assertEquals(List.of(new RecordingProductViews.ListCall("", 20, Optional.empty())), views.listCalls);
    }

    @Test
    void rejectsLimitsOutsideOneToAHundred() throws Exception {
        for (String limit : new String[] {"0", "101", "-1", "abc", "1.5", "", "0020000"}) {
            assertFailingFields(Map.of("limit", limit), List.of("limit"));
        }
        assertEquals(200, handle(HttpEvents.listProducts(Map.of("limit", "100"))).getStatusCode());
        assertEquals(200, handle(HttpEvents.listProducts(Map.of("limit", "1"))).getStatusCode());
    }

    @Test
    void rejectsTooLongPrefixesAndControlCharacters() throws Exception {
        assertFailingFields(Map.of("prefix", "x".repeat(201)), List.of("prefix"));
        assertFailingFields(Map.of("prefix", "wal\u0000"), List.of("prefix"));
        assertFailingFields(Map.of("prefix", "wal\u009f"), List.of("prefix"));
        assertEquals(200, handle(HttpEvents.listProducts(Map.of("prefix", "x".repeat(200)))).getStatusCode());
    }

    @Test
    void rejectsATamperedCursor() throws Exception {
        String cursor = PageCursor.after(DESK).encode();
        String tampered = cursor.substring(0, cursor.length() - 3) + (cursor.endsWith("A") ? "B" : "A") + "$$";

        assertFailingFields(Map.of("prefix", "wal", "cursor", tampered), List.of("cursor"));
        assertFailingFields(Map.of("prefix", "wal", "cursor", "bm90LWEtY3Vyc29y"), List.of("cursor"));
    }

    @Test
    void rejectsACursorIssuedForAnotherPrefix() throws Exception {
        assertFailingFields(Map.of("prefix", "oak", "cursor", PageCursor.after(DESK).encode()), List.of("cursor"));
    }

    @Test
    void namesEveryFailingParameterIncludingUnknownOnes() throws Exception {
        assertFailingFields(Map.of("prefix", "x".repeat(201), "limit", "0", "limt", "5"), List.of("limit", "limt", "prefix"));
    }

    @Test
    void refusesCallersWithoutTheViewerRole() throws Exception {
        assertProblem(handle(HttpEvents.withoutCaller(HttpEvents.listProducts(Map.of()))), 401, "UNAUTHENTICATED");
        assertProblem(handle(HttpEvents.withRoles(HttpEvents.listProducts(Map.of()), "[]")), 403, "FORBIDDEN");
        assertTrue(views.listCalls.isEmpty());
    }

    @Test
    void answersServiceUnavailableWhenTheStoreFails() throws Exception {
        views.unavailable = true;

        assertProblem(handle(HttpEvents.listProducts(Map.of())), 503, "UNAVAILABLE");
    }

    private void assertFailingFields(Map<String, String> query, List<String> fields) throws Exception {
        APIGatewayV2HTTPResponse response = handle(HttpEvents.listProducts(query));
        assertProblem(response, 400, "VALIDATION");
        List<String> named = new ArrayList<>();
        body(response).get("errors").forEach(error -> named.add(error.get("field").asText()));
        assertEquals(fields, named.stream().sorted().toList(), query.toString());
        assertTrue(views.listCalls.isEmpty(), "invalid queries never reach the store");
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LocalContext.forTest("listProducts"));
    }

    private static ProductView view(String id, String name) {
        return new ProductView(UUID.fromString(id), name, "", 1, false, Instant.parse("2026-11-21T09:15:03Z"),
                Instant.parse("2026-11-21T09:15:03Z"));
    }
}
