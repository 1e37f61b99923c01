package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.local.runtime.functions.LocalContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The write routes: what they answer, store and publish; retries; roles. */
class CommandAcceptanceHandlersTest {
    private static final Instant NOW = Instant.parse("2026-11-21T09:15:02.301Z");
    private static final String PRODUCT = "0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01";

    private final InMemoryCommandStore store = new InMemoryCommandStore();
    private final RecordingCommandPublisher publisher = new RecordingCommandPublisher();
    private final CommandIntake intake = new CommandIntake(
            new CommandAcceptance(store, publisher, Clock.fixed(NOW, ZoneOffset.UTC)), UUID::randomUUID);
    private final CreateProductHandler create = new CreateProductHandler(intake);
    private final UpdateProductHandler update = new UpdateProductHandler(intake);
    private final DeleteProductHandler delete = new DeleteProductHandler(intake);
    private final SubmitCommandsHandler submit = new SubmitCommandsHandler(intake);

    private static APIGatewayV2HTTPResponse call(com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayV2HTTPEvent,
            APIGatewayV2HTTPResponse> handler, APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LocalContext.forTest("api"));
    }

    @Test
    void acceptsCreateWithLocationOneWriteAndOnePublish() {
        APIGatewayV2HTTPResponse response = call(create, ApiEvents.load(ApiEvents.CREATE));

        assertEquals(202, response.getStatusCode());
        JsonNode body = ApiEvents.body(response);
        UUID commandId = UUID.fromString(body.get("commandId").asText());
        UUID productId = UUID.fromString(body.get("productId").asText());
        assertEquals("ACCEPTED", body.get("status").asText());
        assertEquals("/v1/commands/" + commandId, response.getHeaders().get("Location"));
        assertEquals(CommandIds.forIdempotencyKey("user-7f3a9c", "create-walnut-desk-1"), commandId);

        CommandRecord stored = store.commands.get(commandId);
        assertEquals(CommandStatus.ACCEPTED, stored.status());
        assertEquals(productId, stored.productId());
        assertEquals("user-7f3a9c", stored.actor());
        assertEquals("checkout-2026-11-21-0001", stored.correlationId());
        assertEquals(NOW, stored.acceptedAt());
        assertEquals(NOW.plusSeconds(7 * 24 * 3600).getEpochSecond(), stored.expiresAtEpochSecond());
        assertEquals(64, stored.requestHash().length());

        assertEquals(1, publisher.calls.size());
        CommandEnvelope published = publisher.published().get(0);
        assertEquals(commandId, published.commandId());
        assertEquals("product.create", published.type());
        assertEquals(productId.toString(), published.aggregateId());
        assertEquals("Walnut desk", published.payload().get("name").asText());
        assertEquals("Solid walnut, 140 x 70 cm", published.payload().get("description").asText());
        assertEquals(List.of("editor"), published.actor().roles());
        assertEquals(NOW, published.issuedAt());
    }

    @Test
    void trimsTheNameItPublishes() {
        APIGatewayV2HTTPEvent event = ApiEvents.load(ApiEvents.CREATE);
        event.setBody("{\"name\":\"  Walnut desk \"}");

        call(create, event);

        assertEquals("Walnut desk", publisher.published().get(0).payload().get("name").asText());
    }

    @Test
    void publishesTheNameInNfcWithoutTheSpacesAroundIt() {
        APIGatewayV2HTTPEvent event = ApiEvents.load(ApiEvents.CREATE);
        event.setBody("{\"name\":\"\u00a0Cafe\u0301 \u3000\"}");

        assertEquals(202, call(create, event).getStatusCode());

        assertEquals("Caf\u00e9", publisher.published().get(0).payload().get("name").asText());
    }

    @Test
    void acceptsAHundredAndFiftyParcelEmojiAsTheWorkerDoes() {
        String parcels = "\uD83D\uDCE6".repeat(150);
        APIGatewayV2HTTPEvent event = ApiEvents.load(ApiEvents.CREATE);
        event.setBody("{\"name\":\"" + parcels + "\"}");

        assertEquals(202, call(create, event).getStatusCode());

        String published = publisher.published().get(0).payload().get("name").asText();
        assertEquals(parcels, dev.catalog.product.ProductCommands.decide(new dev.catalog.product.ProductCommand.Create(
                java.util.UUID.randomUUID(), published, ""), java.util.Optional.empty(), java.time.Instant.now()).product().name());
    }

    @Test
    void sameKeyAndBodyGetsTheFirstAnswerAndOnePublishThatSticks() {
        APIGatewayV2HTTPResponse first = call(create, ApiEvents.load(ApiEvents.CREATE));
        // the same request again, with its members in another order and a different correlation id
        APIGatewayV2HTTPEvent retry = ApiEvents.load(ApiEvents.CREATE);
        retry.setBody("{ \"description\": \"Solid walnut, 140 x 70 cm\", \"name\": \"Walnut desk\" }");
        ApiEvents.withHeader(retry, "X-Correlation-Id", "retry-2");
        APIGatewayV2HTTPResponse second = call(create, retry);

        assertEquals(202, second.getStatusCode());
        assertEquals(ApiEvents.body(first), ApiEvents.body(second));
        assertEquals(first.getHeaders().get("Location"), second.getHeaders().get("Location"));
        assertEquals(1, store.commands.size());
        // republished while ACCEPTED (SNS FIFO drops it by dedup id), with the first attempt's facts
        List<CommandEnvelope> published = publisher.published();
        assertEquals(2, published.size());
        assertEquals(published.get(0), published.get(1));
        assertEquals(1, published.stream().map(CommandEnvelope::commandId).distinct().count());
    }

    @Test
    void sameKeyAfterTheCommandCompletedAnswersTheSameWithoutPublishing() {
        APIGatewayV2HTTPResponse first = call(create, ApiEvents.load(ApiEvents.CREATE));
        UUID commandId = UUID.fromString(ApiEvents.body(first).get("commandId").asText());
        CommandRecord accepted = store.commands.get(commandId);
        store.commands.put(commandId, new CommandRecord(commandId, accepted.type(), CommandStatus.SUCCEEDED, accepted.productId(),
                accepted.actor(), accepted.correlationId(), accepted.requestHash(), accepted.acceptedAt(), NOW,
                new CommandRecord.CommandResult(accepted.productId(), 1L), null));

        APIGatewayV2HTTPResponse second = call(create, ApiEvents.load(ApiEvents.CREATE));

        assertEquals(202, second.getStatusCode());
        assertEquals(ApiEvents.body(first), ApiEvents.body(second));
        assertEquals(1, publisher.published().size());
    }

    @Test
    void sameKeyWithADifferentBodyIsRejectedWithoutPublishing() {
        call(create, ApiEvents.load(ApiEvents.CREATE));
        APIGatewayV2HTTPEvent reuse = ApiEvents.load(ApiEvents.CREATE);
        reuse.setBody("{\"name\":\"Cherry desk\"}");

        APIGatewayV2HTTPResponse response = call(create, reuse);

        assertEquals(422, response.getStatusCode());
        JsonNode problem = ApiEvents.body(response);
        assertEquals("IDEMPOTENCY_KEY_REUSED", problem.get("code").asText());
        assertEquals("Idempotency-Key", problem.at("/errors/0/field").asText());
        assertEquals(1, publisher.published().size());
        assertEquals(1, store.commands.size());
    }

    @Test
    void sameKeyFromAnotherCallerIsAnotherCommand() {
        call(create, ApiEvents.load(ApiEvents.CREATE));

        APIGatewayV2HTTPResponse other = call(create, ApiEvents.withSub(ApiEvents.load(ApiEvents.CREATE), "user-other"));

        assertEquals(202, other.getStatusCode());
        assertEquals(2, store.commands.size());
    }

    @Test
    void publishFailureAnswers503AndTheRetryPublishesExactlyOnce() {
        publisher.failuresToCome = 1;

        APIGatewayV2HTTPResponse failed = call(create, ApiEvents.load(ApiEvents.CREATE));

        assertEquals(503, failed.getStatusCode());
        assertEquals("PUBLISH_FAILED", ApiEvents.body(failed).get("code").asText());
        assertEquals("1", failed.getHeaders().get("Retry-After"));
        assertEquals("application/problem+json", failed.getHeaders().get("content-type"));
        assertTrue(publisher.published().isEmpty());
        CommandRecord stored = store.commands.values().iterator().next();
        assertEquals(CommandStatus.ACCEPTED, stored.status());

        APIGatewayV2HTTPResponse retried = call(create, ApiEvents.load(ApiEvents.CREATE));

        assertEquals(202, retried.getStatusCode());
        assertEquals(1, publisher.published().size());
        CommandEnvelope published = publisher.published().get(0);
        assertEquals(stored.commandId(), published.commandId());
        assertEquals(stored.productId().toString(), published.aggregateId(), "the retry keeps the first product id");
        assertEquals(stored.productId().toString(), ApiEvents.body(retried).get("productId").asText());
    }

    @Test
    void withoutAKeyEveryRequestIsANewCommandWithTheGatewayRequestIdAsCorrelationId() {
        APIGatewayV2HTTPEvent event = ApiEvents.withHeader(ApiEvents.load(ApiEvents.UPDATE), "Idempotency-Key", null);
        APIGatewayV2HTTPResponse first = call(update, event);
        APIGatewayV2HTTPResponse second = call(update, ApiEvents.load(ApiEvents.UPDATE));

        assertNotEquals(ApiEvents.body(first).get("commandId"), ApiEvents.body(second).get("commandId"));
        CommandEnvelope published = publisher.published().get(0);
        assertEquals("Kx3bQj1ZjoEEJxx=", published.correlationId());
        assertEquals("product.update", published.type());
        assertEquals(PRODUCT, published.aggregateId());
        assertEquals(1, published.payload().get("expectedVersion").asLong());
        assertEquals("Walnut desk XL", published.payload().get("name").asText());
    }

    @Test
    void insaneCorrelationIdFallsBackToTheRequestId() {
        APIGatewayV2HTTPEvent event = ApiEvents.withHeader(ApiEvents.load(ApiEvents.UPDATE), "X-Correlation-Id", "x".repeat(129));

        call(update, event);

        assertEquals("Kx3bQj1ZjoEEJxx=", publisher.published().get(0).correlationId());
    }

    @Test
    void deleteTakesTheVersionFromIfMatchOrTheQuery() {
        call(delete, ApiEvents.load(ApiEvents.DELETE));
        APIGatewayV2HTTPEvent byQuery = ApiEvents.withHeader(ApiEvents.load(ApiEvents.DELETE), "if-match", null);
        byQuery.setQueryStringParameters(new java.util.HashMap<>(java.util.Map.of("expectedVersion", "5")));
        call(delete, byQuery);
        APIGatewayV2HTTPEvent unconditional = ApiEvents.withHeader(ApiEvents.load(ApiEvents.DELETE), "if-match", "*");
        call(delete, unconditional);

        List<CommandEnvelope> published = publisher.published();
        assertEquals(2, published.get(0).payload().get("expectedVersion").asLong());
        assertEquals(5, published.get(1).payload().get("expectedVersion").asLong());
        assertTrue(published.get(2).payload().path("expectedVersion").isMissingNode());
        assertEquals(PRODUCT, published.get(2).payload().get("productId").asText());
    }

    @Test
    void bulkPublishesEveryCommandInOneBatchAndAnswersEachStatus() {
        APIGatewayV2HTTPResponse response = call(submit, ApiEvents.load(ApiEvents.SUBMIT));

        assertEquals(202, response.getStatusCode());
        JsonNode commands = ApiEvents.body(response).get("commands");
        assertEquals(3, commands.size());
        assertEquals("5f1d7a52-3c1e-4b8a-9f2d-6e7c8b9a0d11", commands.get(0).get("commandId").asText());
        assertEquals("product.create", commands.get(0).get("type").asText());
        assertEquals("/v1/commands/5f1d7a52-3c1e-4b8a-9f2d-6e7c8b9a0d11", commands.get(0).get("location").asText());
        assertEquals(PRODUCT, commands.get(1).get("productId").asText());
        assertEquals("ACCEPTED", commands.get(2).get("status").asText());
        assertEquals(1, publisher.calls.size(), "one PublishBatch call");
        assertEquals(List.of("product.create", "product.update", "product.delete"),
                publisher.calls.get(0).stream().map(CommandEnvelope::type).toList());
        assertEquals(commands.get(0).get("productId").asText(), publisher.calls.get(0).get(0).aggregateId());
        assertEquals(3, store.commands.size());
    }

    @Test
    void bulkRetryWithClientCommandIdsKeepsTheCreatedProductId() {
        APIGatewayV2HTTPResponse first = call(submit, ApiEvents.load(ApiEvents.SUBMIT));
        APIGatewayV2HTTPResponse second = call(submit, ApiEvents.load(ApiEvents.SUBMIT));

        JsonNode firstCommands = ApiEvents.body(first).get("commands");
        JsonNode secondCommands = ApiEvents.body(second).get("commands");
        assertEquals(firstCommands.get(0), secondCommands.get(0));
        assertEquals(firstCommands.get(1), secondCommands.get(1));
        // the third item has no client id: it is a new command each time
        assertNotEquals(firstCommands.get(2).get("commandId"), secondCommands.get(2).get("commandId"));
        assertEquals(4, store.commands.size());
    }

    @Test
    void aBulkOfNewCommandsIsStoredInOneWriteWithoutReadingFirst() {
        APIGatewayV2HTTPResponse response = call(submit, ApiEvents.load(ApiEvents.SUBMIT));

        assertEquals(202, response.getStatusCode());
        assertEquals(3, store.commands.size());
        assertEquals(0, store.finds, "client command ids are only looked up when the all-or-nothing write finds one taken");
    }

    @Test
    void bulkWithAReusedCommandIdWritesAndPublishesNothing() {
        call(submit, ApiEvents.load(ApiEvents.SUBMIT));
        int storedBefore = store.commands.size();
        APIGatewayV2HTTPEvent reuse = ApiEvents.load(ApiEvents.SUBMIT);
        reuse.setBody(reuse.getBody().replace("Oiled finish", "Waxed finish"));

        APIGatewayV2HTTPResponse response = call(submit, reuse);

        assertEquals(422, response.getStatusCode());
        JsonNode problem = ApiEvents.body(response);
        assertEquals("IDEMPOTENCY_KEY_REUSED", problem.get("code").asText());
        assertEquals("/commands/1/commandId", problem.at("/errors/0/field").asText());
        assertEquals(1, problem.get("errors").size());
        assertEquals(storedBefore, store.commands.size());
        assertEquals(1, publisher.calls.size());
    }

    @Test
    void bulkPublishFailureThenRetryPublishesTheBatchOnce() {
        publisher.failuresToCome = 1;
        APIGatewayV2HTTPEvent onlyClientIds = ApiEvents.load(ApiEvents.SUBMIT);
        onlyClientIds.setBody(onlyClientIds.getBody().replaceAll(",\\s*\\{\"type\": \"product.delete\".*\\}\\]", "]"));

        APIGatewayV2HTTPResponse failed = call(submit, onlyClientIds);
        APIGatewayV2HTTPEvent retry = ApiEvents.load(ApiEvents.SUBMIT);
        retry.setBody(onlyClientIds.getBody());
        APIGatewayV2HTTPResponse retried = call(submit, retry);

        assertEquals(503, failed.getStatusCode());
        assertEquals("1", failed.getHeaders().get("Retry-After"));
        assertEquals(202, retried.getStatusCode());
        assertEquals(1, publisher.calls.size());
        assertEquals(2, publisher.calls.get(0).size());
        assertEquals(2, store.commands.size());
    }

    @Test
    void viewerMayNotWrite() {
        for (var handlerAndEvent : List.<Object[]>of(new Object[] {create, ApiEvents.CREATE}, new Object[] {update, ApiEvents.UPDATE},
                new Object[] {delete, ApiEvents.DELETE}, new Object[] {submit, ApiEvents.SUBMIT})) {
            @SuppressWarnings("unchecked")
            var handler = (com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    handlerAndEvent[0];
            APIGatewayV2HTTPResponse response = call(handler, ApiEvents.withRoles(ApiEvents.load((String) handlerAndEvent[1]), "[viewer]"));

            assertEquals(403, response.getStatusCode(), (String) handlerAndEvent[1]);
            assertEquals("FORBIDDEN", ApiEvents.body(response).get("code").asText());
        }
        assertTrue(store.commands.isEmpty());
        assertTrue(publisher.calls.isEmpty());
    }

    @Test
    void adminMayWriteAndNoRolesMayNot() {
        assertEquals(202, call(create, ApiEvents.withRoles(ApiEvents.load(ApiEvents.CREATE), "[admin]")).getStatusCode());
        APIGatewayV2HTTPResponse noRoles = call(update, ApiEvents.withRoles(ApiEvents.load(ApiEvents.UPDATE), null));
        assertEquals(403, noRoles.getStatusCode());
    }

    @Test
    void missingClaimsAnswer401() {
        APIGatewayV2HTTPEvent event = ApiEvents.load(ApiEvents.CREATE);
        event.getRequestContext().setAuthorizer(null);

        APIGatewayV2HTTPResponse response = call(create, event);

        assertEquals(401, response.getStatusCode());
        assertEquals("UNAUTHENTICATED", ApiEvents.body(response).get("code").asText());
        assertTrue(store.commands.isEmpty());
    }
}
