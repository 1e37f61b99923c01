package dev.catalog.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Uuids;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.queue.MalformedMessageException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The product commands the worker applies, read from their envelopes' payloads. */
public sealed interface ProductCommand {

    UUID productId();

    /**
     * Reads the command from its envelope. The API validated it against its schema, so anything
     * unreadable here is a message no retry can fix.
     *
     * @throws MalformedMessageException naming the field that is missing or of the wrong type
     */
    static ProductCommand from(CommandEnvelope envelope) {
        ObjectNode payload = envelope.payload();
        if (payload == null) {
            throw new MalformedMessageException("command has no payload");
        }
        UUID productId = uuid(payload, "productId");
        return switch (envelope.type()) {
            case "product.create" -> new Create(productId, requiredText(payload, "name"), optionalText(payload, "description").orElse(""));
            case "product.update" -> new Update(productId, optionalText(payload, "name"), optionalText(payload, "description"),
                    optionalVersion(payload));
            case "product.delete" -> new Delete(productId, optionalVersion(payload));
            default -> throw new MalformedMessageException("not a product command: " + envelope.type());
        };
    }

    private static UUID uuid(ObjectNode payload, String field) {
        return Uuids.parse(requiredText(payload, field))
                .orElseThrow(() -> new MalformedMessageException("payload." + field + " is not a UUID"));
    }

    private static String requiredText(ObjectNode payload, String field) {
        return optionalText(payload, field).orElseThrow(() -> new MalformedMessageException("payload." + field + " is missing"));
    }

    private static Optional<String> optionalText(ObjectNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedMessageException("payload." + field + " is not a string");
        }
        return Optional.of(value.asText());
    }

    private static OptionalLong optionalVersion(ObjectNode payload) {
        JsonNode value = payload.get("expectedVersion");
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < 1) {
            throw new MalformedMessageException("payload.expectedVersion is not a positive integer");
        }
        return OptionalLong.of(value.asLong());
    }

    /** {@code product.create}: a new product at version 1. */
    record Create(UUID productId, String name, String description) implements ProductCommand {
    }

    /** {@code product.update}: changes only the fields given; with an expected version, only that version. */
    record Update(UUID productId, Optional<String> name, Optional<String> description, OptionalLong expectedVersion)
            implements ProductCommand {
    }

    /** {@code product.delete}: a soft delete; with an expected version, only of that version. */
    record Delete(UUID productId, OptionalLong expectedVersion) implements ProductCommand {
    }
}
