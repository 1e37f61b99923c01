package dev.catalog.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every command the handlers publish for the sample requests is a valid command.v1 with a valid payload. */
class PublishedCommandsContractTest {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://catalog.dev/schemas/", "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @Test
    void everyPublishedCommandValidatesAgainstItsSchemas() throws Exception {
        InMemoryCommandStore store = new InMemoryCommandStore();
        RecordingCommandPublisher publisher = new RecordingCommandPublisher();
        CommandIntake intake = new CommandIntake(new CommandAcceptance(store, publisher, Clock.systemUTC()), UUID::randomUUID);
        send(new CreateProductHandler(intake), ApiEvents.CREATE);
        send(new UpdateProductHandler(intake), ApiEvents.UPDATE);
        send(new DeleteProductHandler(intake), ApiEvents.DELETE);
        send(new SubmitCommandsHandler(intake), ApiEvents.SUBMIT);

        assertEquals(6, publisher.published().size());
        JsonSchema envelopeSchema = schema("command.v1.json");
        for (CommandEnvelope command : publisher.published()) {
            JsonNode message = Json.mapper().readTree(Json.mapper().writeValueAsString(command));
            assertEquals(Set.of(), envelopeSchema.validate(message), command.type());
            assertEquals(Set.of(), schema(command.type() + ".v1.json").validate(message.get("payload")), command.type());
        }
    }

    private static void send(com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            String eventFile) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(ApiEvents.load(eventFile), LocalContext.forTest("api"));
        assertEquals(202, response.getStatusCode(), response.getBody());
    }

    private static JsonSchema schema(String file) {
        return SCHEMAS.getSchema(SchemaLocation.of("https://catalog.dev/schemas/" + file), CONFIG);
    }
}
