package dev.catalog.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sample events in events/ carry messages that validate against the schemas in schemas/. */
class EventSamplesContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void journalSampleCarriesValidSnsEnvelopesAndCommands() throws Exception {
        JsonSchema envelopeSchema = schema("sns-notification.json");
        JsonSchema commandSchema = schema("command.v1.json");
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");
        int validated = 0;

        for (SQSEvent.SQSMessage message : event.getRecords()) {
            if (!message.getBody().startsWith("{")) {
                continue; // the deliberately malformed poison message of the sample
            }
            JsonNode envelope = JSON.readTree(message.getBody());
            assertEquals(Set.of(), envelopeSchema.validate(envelope), message.getMessageId());
            assertEquals(Set.of(), commandSchema.validate(JSON.readTree(envelope.get("Message").asText())), message.getMessageId());
            validated++;
        }
        assertEquals(3, validated);
    }

    @Test
    void productWorkerSampleCarriesValidRawCommandsWithTheirFifoAndFilterAttributes() throws Exception {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-product-commands-batch.json");

        for (SQSEvent.SQSMessage message : event.getRecords()) {
            JsonNode command = JSON.readTree(message.getBody());
            assertEquals(Set.of(), Schemas.violations("command.v1.json", command), message.getMessageId());
            String type = command.get("type").asText();
            assertEquals(Set.of(), Schemas.violations(type + ".v1.json", command.get("payload")), message.getMessageId());
            assertEquals(command.at("/payload/productId").asText(), message.getAttributes().get("MessageGroupId"));
            assertEquals(command.get("commandId").asText(), message.getAttributes().get("MessageDeduplicationId"));
            assertEquals(type, message.getMessageAttributes().get("type").getStringValue());
            assertEquals(command.at("/actor/sub").asText(), message.getMessageAttributes().get("actor").getStringValue());
            assertEquals(command.get("correlationId").asText(), message.getMessageAttributes().get("correlationId").getStringValue());
        }
        assertEquals(5, event.getRecords().size());
    }

    @Test
    void commandSchemaNamesEveryFailingField() throws Exception {
        JsonNode command = JSON.readTree("""
                {"commandId": "not-a-uuid", "type": "product.rename", "schemaVersion": 1,
                 "issuedAt": "2026-11-21T09:15:02Z", "actor": {"sub": "u", "roles": ["owner"]},
                 "correlationId": "c", "payload": {}, "extra": true}""");

        List<String> failures = schema("command.v1.json").validate(command).stream().map(ValidationMessage::getInstanceLocation)
                .map(Object::toString).sorted().toList();

        assertTrue(failures.containsAll(List.of("", "/actor/roles/0", "/commandId", "/type")), failures.toString());
    }

    private static JsonSchema schema(String file) throws Exception {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schemas", file)), config);
    }
}
