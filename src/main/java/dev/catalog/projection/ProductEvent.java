package dev.catalog.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.EventEnvelope;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.queue.MessageBodies;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A product event as the projector reads it off the projections queue: the envelope
 * ({@code schemas/event.v1.json}) and the view its snapshot payload describes
 * ({@code schemas/product-snapshot.v1.json}).
 */
record ProductEvent(UUID eventId, String type, String correlationId, ProductView view) implements ViewEvent {
    static final String DELETED = "product.deleted";
    private static final Set<String> PRODUCT_EVENT_TYPES = Set.of("product.created", "product.updated", DELETED);

    /**
     * Reads a raw SQS body.
     *
     * @throws MalformedMessageException when the body is not a consistent product event; its
     *     message names what is wrong, never the content
     */
    public static ProductEvent parse(ObjectMapper json, String body) {
        EventEnvelope envelope = read(json, body);
        if (!PRODUCT_EVENT_TYPES.contains(envelope.type())) {
            // The subscription only lets product events through; anything else here is a wiring
            // mistake, and dropping it silently would lose whatever it meant to another view.
            throw new MalformedMessageException("event type is not a product event");
        }
        Snapshot snapshot;
        try {
            snapshot = json.treeToValue(envelope.payload(), Snapshot.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException("payload is not a product snapshot");
        }
        if (snapshot == null || snapshot.productId() == null || snapshot.name() == null || snapshot.description() == null
                || snapshot.version() == null || snapshot.deleted() == null || snapshot.createdAt() == null
                || snapshot.updatedAt() == null) {
            throw new MalformedMessageException("product snapshot misses a required field");
        }
        if (!snapshot.productId().equals(envelope.aggregateId()) || snapshot.version() != envelope.aggregateVersion()) {
            throw new MalformedMessageException("snapshot does not match the envelope's aggregate id and version");
        }
        if (snapshot.deleted() != DELETED.equals(envelope.type())) {
            throw new MalformedMessageException("snapshot deleted flag contradicts the event type");
        }
        if (snapshot.version() < 1) {
            throw new MalformedMessageException("snapshot version is below 1");
        }
        ProductView view = new ProductView(snapshot.productId(), snapshot.name(), snapshot.description(), snapshot.version(),
                snapshot.deleted(), snapshot.createdAt(), snapshot.updatedAt());
        return new ProductEvent(envelope.eventId(), envelope.type(), envelope.correlationId(), view);
    }

    static EventEnvelope read(ObjectMapper json, String body) {
        EventEnvelope envelope = MessageBodies.read(json, body, EventEnvelope.class, "an event envelope");
        if (envelope.eventId() == null || envelope.type() == null || envelope.aggregateId() == null
                || envelope.occurredAt() == null || envelope.causationId() == null || envelope.correlationId() == null
                || envelope.payload() == null) {
            throw new MalformedMessageException("event envelope misses a required field");
        }
        return envelope;
    }

    /** The snapshot payload; boxed so that a missing field is told apart from a zero or false. */
    record Snapshot(UUID productId, String name, String description, Long version, Boolean deleted, Instant createdAt,
            Instant updatedAt) {
    }
}
