package dev.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.internal.Json;
import dev.catalog.queue.MalformedMessageException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the worker reads a command's payload: each shape it refuses is named, never guessed at; no I/O. */
class ProductCommandTest {
    private static final UUID PRODUCT = UUID.fromString("0b6f7c52-3c1e-4c2b-9a57-2c4f5f0f6a11");

    @Test
    void aCreateWithoutADescriptionHasAnEmptyOne() {
        assertEquals(new ProductCommand.Create(PRODUCT, "Desk", ""), read("product.create", payload().put("name", "Desk")));
        assertEquals(new ProductCommand.Create(PRODUCT, "Desk", "Oak"),
                read("product.create", payload().put("name", "Desk").put("description", "Oak")));
    }

    @Test
    void anUpdateCarriesOnlyTheFieldsGivenAndItsExpectedVersion() {
        assertEquals(new ProductCommand.Update(PRODUCT, Optional.empty(), Optional.of("Oak"), OptionalLong.of(3)),
                read("product.update", payload().put("description", "Oak").put("expectedVersion", 3)));
        assertEquals(new ProductCommand.Update(PRODUCT, Optional.of("Desk"), Optional.empty(), OptionalLong.empty()),
                read("product.update", payload().put("name", "Desk").putNull("description").putNull("expectedVersion")));
    }

    @Test
    void aDeleteMayNameTheVersionItDeletes() {
        assertEquals(new ProductCommand.Delete(PRODUCT, OptionalLong.of(1)), read("product.delete", payload().put("expectedVersion", 1)));
        assertEquals(new ProductCommand.Delete(PRODUCT, OptionalLong.empty()), read("product.delete", payload()));
    }

    @Test
    void refusesPayloadsItCannotApplyNamingTheField() {
        assertRefused("command has no payload", "product.create", null);
        assertRefused("payload.productId is missing", "product.create", Json.mapper().createObjectNode().put("name", "Desk"));
        assertRefused("payload.productId is not a UUID", "product.create",
                Json.mapper().createObjectNode().put("productId", "desk-1").put("name", "Desk"));
        assertRefused("payload.productId is not a string", "product.delete", Json.mapper().createObjectNode().put("productId", 7));
        assertRefused("payload.name is missing", "product.create", payload().put("description", "Oak"));
        assertRefused("payload.name is not a string", "product.create", payload().put("name", 42));
        assertRefused("payload.description is not a string", "product.update", payload().put("description", true));
        assertRefused("not a product command: attachment.delete", "attachment.delete", payload());
    }

    @Test
    void anExpectedVersionMustBeAWholeNumberFromOne() {
        for (ObjectNode bad : List.of(payload().put("expectedVersion", 0), payload().put("expectedVersion", -2),
                payload().put("expectedVersion", 1.5), payload().put("expectedVersion", "3"))) {
            assertRefused("payload.expectedVersion is not a positive integer", "product.update", bad);
            assertRefused("payload.expectedVersion is not a positive integer", "product.delete", bad);
        }
        assertEquals(OptionalLong.of(2), ((ProductCommand.Update) read("product.update", payload().put("expectedVersion", 2.0)))
                .expectedVersion());
    }

    private static ObjectNode payload() {
        return Json.mapper().createObjectNode().put("productId", PRODUCT.toString());
    }

    private static ProductCommand read(String type, ObjectNode payload) {
        return ProductCommand.from(envelope(type, payload));
    }

    private static void assertRefused(String reason, String type, ObjectNode payload) {
        MalformedMessageException refused = assertThrows(MalformedMessageException.class, () -> read(type, payload));
        assertEquals(reason, refused.getMessage());
    }

    private static CommandEnvelope envelope(String type, ObjectNode payload) {
        return new CommandEnvelope(UUID.randomUUID(), type, 1, Instant.parse("2026-01-01T00:00:00Z"), new Actor("user", List.of("editor")),
                "correlation", payload);
    }
}
