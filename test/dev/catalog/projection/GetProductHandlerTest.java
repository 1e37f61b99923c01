package dev.catalog.projection;

import static dev.catalog.projection.HttpEvents.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.local.runtime.functions.LocalContext;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GetProductHandlerTest {
    private static final UUID DESK = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final ProductView DESK_V4 = new ProductView(DESK, "Walnut desk", "Solid walnut", 4, false,
            Instant.parse("2026-11-21T09:15:03Z"), Instant.parse("2026-11-21T10:00:00Z"));

    private final RecordingProductViews views = new RecordingProductViews();
    private final GetProductHandler handler = new GetProductHandler(views);

    @Test
    void answersTheViewWithItsVersionAsETag() throws Exception {
        views.stored.put(DESK, DESK_V4);

        APIGatewayV2HTTPResponse response = handle(HttpEvents.getProduct());

        assertEquals(200, response.getStatusCode());
        assertEquals("\"4\"", response.getHeaders().get("ETag"));
        assertEquals("application/json", response.getHeaders().get("content-type"));
        JsonNode body = body(response);
        assertEquals(DESK.toString(), body.get("productId").asText());
        assertEquals("Walnut desk", body.get("name").asText());
        assertEquals("Solid walnut", body.get("description").asText());
        assertEquals(4, body.get("version").asInt());
        assertEquals("2026-11-21T09:15:03Z", body.get("createdAt").asText());
        assertEquals("2026-11-21T10:00:00Z", body.get("updatedAt").asText());
        assertTrue(body.get("attachments").isArray() && body.get("attachments").isEmpty());
        assertEquals(7, body.size(), body.toString());
    }

    @Test
    void answersNotFoundForAnUnknownProduct() throws Exception {
        APIGatewayV2HTTPResponse response = handle(HttpEvents.getProduct());

        assertProblem(response, 404, "NOT_FOUND");
    }

    @Test
    void answersNotFoundForADeletedProduct() throws Exception {
        views.stored.put(DESK, new ProductView(DESK, "Walnut desk", "", 5, true, DESK_V4.createdAt(), DESK_V4.updatedAt()));

        assertProblem(handle(HttpEvents.getProduct()), 404, "NOT_FOUND");
    }

    @Test
    void rejectsAnIdThatIsNotAUuidNamingIt() throws Exception {
        for (String id : new String[] {"desk", "1-1-1-1-1", DESK + "0", ""}) {
            APIGatewayV2HTTPResponse response = handle(HttpEvents.getProduct(id));

            assertProblem(response, 400, "VALIDATION");
            assertEquals("id", body(response).at("/errors/0/field").asText(), id);
        }
        assertTrue(views.stored.isEmpty());
    }

    @Test
    void answersUnauthorizedWithoutAVerifiedCaller() throws Exception {
        assertProblem(handle(HttpEvents.withoutCaller(HttpEvents.getProduct())), 401, "UNAUTHENTICATED");
    }

    @Test
    void answersForbiddenWithoutTheViewerRole() throws Exception {
        views.stored.put(DESK, DESK_V4);

        assertProblem(handle(HttpEvents.withRoles(HttpEvents.getProduct(), "[auditor]")), 403, "FORBIDDEN");
        assertProblem(handle(HttpEvents.withRoles(HttpEvents.getProduct(), "")), 403, "FORBIDDEN");
    }

    @Test
    void letsEditorsAndAdminsReadToo() {
        views.stored.put(DESK, DESK_V4);

        assertEquals(200, handle(HttpEvents.withRoles(HttpEvents.getProduct(), "[editor]")).getStatusCode());
        assertEquals(200, handle(HttpEvents.withRoles(HttpEvents.getProduct(), "[admin]")).getStatusCode());
    }

    @Test
    void answersServiceUnavailableWhenTheStoreFails() throws Exception {
        views.unavailable = true;

        assertProblem(handle(HttpEvents.getProduct()), 503, "UNAVAILABLE");
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LocalContext.forTest("getProduct"));
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, int status, String code) throws Exception {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("content-type"));
        assertEquals(code, body(response).get("code").asText());
    }
}
