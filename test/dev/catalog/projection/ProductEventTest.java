package dev.catalog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Json;
import dev.catalog.queue.MalformedMessageException;
import org.junit.jupiter.api.Test;

class ProductEventTest {
    private static final ObjectMapper JSON = Json.mapper();

    @Test
    void readsTheSnapshotOfAProductEvent() {
        ProductEvent event = ProductEvent.parse(JSON, sampleBody());

        assertEquals("product.updated", event.type());
        assertEquals(2, event.view().version());
        assertEquals("walnut writing desk#0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01", event.view().nameKey());
    }

    @Test
    void rejectsASnapshotOfAnotherVersionThanTheEnvelope() throws Exception {
        ObjectNode body = sample();
        body.put("aggregateVersion", 3);

        assertRejected(body, "snapshot does not match the envelope's aggregate id and version");
    }

    @Test
    void rejectsASnapshotOfAnotherProductThanTheEnvelope() throws Exception {
        ObjectNode body = sample();
        body.put("aggregateId", "0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5eff");

        assertRejected(body, "snapshot does not match the envelope's aggregate id and version");
    }

    @Test
    void rejectsADeletedFlagThatContradictsTheType() throws Exception {
        ObjectNode body = sample();
        ((ObjectNode) body.get("payload")).put("deleted", true);

        assertRejected(body, "snapshot deleted flag contradicts the event type");
    }

    @Test
    void rejectsEventsThatAreNotAboutProducts() throws Exception {
        ObjectNode body = sample();
        body.put("type", "attachment.stored");

        assertRejected(body, "event type is not a product event");
    }

    @Test
    void rejectsASnapshotWithoutAName() throws Exception {
        ObjectNode body = sample();
        ((ObjectNode) body.get("payload")).remove("name");

        assertRejected(body, "product snapshot misses a required field");
    }

    @Test
    void rejectsUnknownEnvelopeFields() throws Exception {
        ObjectNode body = sample();
        body.put("unexpected", 1);

        assertRejected(body, "body is not an event envelope");
    }

    private static void assertRejected(ObjectNode body, String reason) throws Exception {
        String text = JSON.writeValueAsString(body);
        MalformedMessageException rejected = assertThrows(MalformedMessageException.class, () -> ProductEvent.parse(JSON, text));
        assertEquals(reason, rejected.getMessage());
    }

    private static String sampleBody() {
        return EventLoader.loadSQSEvent("events/sqs-projections-batch.json").getRecords().get(1).getBody();
    }

    private static ObjectNode sample() throws Exception {
        return (ObjectNode) JSON.readTree(sampleBody());
    }
}
