package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.local.runtime.functions.LocalContext;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GetCommandHandlerTest {
    private static final UUID COMMAND = UUID.fromString("5f1d7a52-3c1e-4b8a-9f2d-6e7c8b9a0d11");
    private static final UUID PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private final InMemoryCommandStore store = new InMemoryCommandStore();
    private final GetCommandHandler handler = new GetCommandHandler(store);

    private APIGatewayV2HTTPResponse get(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LocalContext.forTest("getCommand"));
    }

    @Test
    void answersAnAcceptedCommandWithoutOutcome() {
        store.commands.put(COMMAND, CommandRecord.accepted(COMMAND, "product.create", PRODUCT, "user-7f3a9c", "c-1", "h",
                Instant.parse("2026-11-21T09:15:02.301Z")));

        APIGatewayV2HTTPResponse response = get(ApiEvents.withRoles(ApiEvents.load(ApiEvents.GET), "[viewer]"));

        assertEquals(200, response.getStatusCode());
        JsonNode body = ApiEvents.body(response);
        assertEquals(COMMAND.toString(), body.get("commandId").asText());
        assertEquals("product.create", body.get("type").asText());
        assertEquals("ACCEPTED", body.get("status").asText());
        assertEquals(PRODUCT.toString(), body.get("productId").asText());
        assertEquals("2026-11-21T09:15:02.301Z", body.get("acceptedAt").asText());
        assertTrue(body.path("completedAt").isMissingNode());
        assertTrue(body.path("result").isMissingNode());
    }

    @Test
    void answersTheOutcomeOfACompletedCommand() {
        store.commands.put(COMMAND, new CommandRecord(COMMAND, "product.update", CommandStatus.FAILED, PRODUCT, "u", "c", "h",
                Instant.parse("2026-11-21T09:15:02Z"), Instant.parse("2026-11-21T09:15:03Z"), null,
                new CommandRecord.CommandError("VERSION_CONFLICT", "expected version 2, product is at 3")));

        JsonNode body = ApiEvents.body(get(ApiEvents.load(ApiEvents.GET)));

        assertEquals("FAILED", body.get("status").asText());
        assertEquals("2026-11-21T09:15:03Z", body.get("completedAt").asText());
        assertEquals("VERSION_CONFLICT", body.at("/error/code").asText());
    }

    @Test
    void answers404ForAnUnknownCommand() {
        APIGatewayV2HTTPResponse response = get(ApiEvents.load(ApiEvents.GET));

        assertEquals(404, response.getStatusCode());
        assertEquals("NOT_FOUND", ApiEvents.body(response).get("code").asText());
    }

    @Test
    void answers400ForAMalformedId() {
        APIGatewayV2HTTPEvent event = ApiEvents.load(ApiEvents.GET);
        event.getPathParameters().put("id", "latest");

        APIGatewayV2HTTPResponse response = get(event);

        assertEquals(400, response.getStatusCode());
        assertEquals("id", ApiEvents.body(response).at("/errors/0/field").asText());
    }

    @Test
    void needsAtLeastTheViewerRoleAndACaller() {
        assertEquals(403, get(ApiEvents.withRoles(ApiEvents.load(ApiEvents.GET), "[]")).getStatusCode());
        APIGatewayV2HTTPEvent anonymous = ApiEvents.load(ApiEvents.GET);
        anonymous.getRequestContext().getAuthorizer().getJwt().setClaims(java.util.Map.of());
        assertEquals(401, get(anonymous).getStatusCode());
    }
}
