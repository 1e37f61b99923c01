package dev.catalog.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.catalog.http.Caller;
import dev.catalog.http.Role;
import dev.catalog.local.runtime.config.ServerlessConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read side's samples in events/ match the schemas and the routes serverless.yml declares. */
class ReadSideSamplesContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void projectionsSampleCarriesValidEventsWithProductSnapshots() throws Exception {
        JsonSchema eventSchema = schema("event.v1.json");
        JsonSchema snapshotSchema = schema("product-snapshot.v1.json");
        int validated = 0;
        for (SQSEvent.SQSMessage message : EventLoader.loadSQSEvent("events/sqs-projections-batch.json").getRecords()) {
            assertTrue(message.getAttributes().containsKey("MessageGroupId"), "FIFO attributes: " + message.getMessageId());
            if (!message.getBody().startsWith("{")) {
                continue; // the deliberately malformed poison message of the sample
            }
            JsonNode event = JSON.readTree(message.getBody());
            assertEquals(Set.of(), eventSchema.validate(event), message.getMessageId());
            assertEquals(Set.of(), snapshotSchema.validate(event.get("payload")), message.getMessageId());
            assertEquals(event.get("aggregateId").asText(), message.getAttributes().get("MessageGroupId"));
            validated++;
        }
        assertEquals(4, validated);
    }

    @Test
    void commandStatusSampleCarriesValidReplies() throws Exception {
        JsonSchema replySchema = schema("reply.v1.json");
        int validated = 0;
        for (SQSEvent.SQSMessage message : EventLoader.loadSQSEvent("events/sqs-command-status-batch.json").getRecords()) {
            assertTrue(!message.getAttributes().containsKey("MessageGroupId"), "a standard queue: " + message.getMessageId());
            if (!message.getBody().startsWith("{")) {
                continue;
            }
            JsonNode reply = JSON.readTree(message.getBody());
            assertEquals(Set.of(), replySchema.validate(reply), message.getMessageId());
            assertEquals(reply.get("status").asText(), message.getMessageAttributes().get("status").getStringValue());
            validated++;
        }
        assertEquals(3, validated);
    }

    @Test
    void httpSamplesMatchDeclaredRoutesAndCarryAViewer() {
        ServerlessConfig config = ServerlessConfig.load(Path.of("serverless.yml"), Optional.empty(), Optional.empty(), "000000000000");
        for (Map.Entry<String, String> sample : Map.of("getProduct", "events/http-get-product.json",
                "listProducts", "events/http-list-products.json").entrySet()) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample.getValue());
            @SuppressWarnings("unchecked")
            Map<String, Object> httpApi = (Map<String, Object>) ((Map<String, Object>) ((List<?>) config.functions()
                    .get(sample.getKey()).value().get("events")).get(0)).get("httpApi");

            assertEquals(httpApi.get("method") + " " + httpApi.get("path"), event.getRouteKey(), sample.getValue());
            assertTrue(Caller.of(event).orElseThrow().may(Role.VIEWER), sample.getValue());
        }
    }

    private static JsonSchema schema(String file) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        // Schemas reference each other by $id (product-fields.v1.json); resolve those from schemas/.
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaMappers(mappers -> mappers.mapPrefix("https://catalog.dev/schemas/", Path.of("schemas").toUri().toString())));
        return factory.getSchema(SchemaLocation.of("https://catalog.dev/schemas/" + file), config);
    }
}
