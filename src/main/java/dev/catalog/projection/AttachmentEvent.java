package dev.catalog.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.EventEnvelope;
import dev.catalog.queue.MalformedMessageException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An attachment event ({@code attachment.stored|rejected|deleted}) as the projector reads it: the
 * envelope's aggregate is the attachment, the payload the attachment as it then is.
 */
record AttachmentEvent(UUID eventId, String type, String correlationId, AttachmentView view) implements ViewEvent {
    private static final Map<String, String> STATUS_OF_TYPE = Map.of(
            "attachment.stored", "STORED", "attachment.rejected", "REJECTED", "attachment.deleted", "DELETED");

    static boolean isAttachmentEvent(String type) {
        return STATUS_OF_TYPE.containsKey(type);
    }

    /** @throws MalformedMessageException naming what is wrong, never the content */
    static AttachmentEvent parse(ObjectMapper json, String body) {
        EventEnvelope envelope = ProductEvent.read(json, body);
        if (!isAttachmentEvent(envelope.type())) {
            throw new MalformedMessageException("event type is not an attachment event");
        }
        return from(json, envelope);
    }

    private static AttachmentEvent from(ObjectMapper json, EventEnvelope envelope) {
        Payload payload;
        try {
            payload = json.treeToValue(envelope.payload(), Payload.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException("payload is not an attachment");
        }
        if (payload == null || payload.attachmentId() == null || payload.productId() == null || payload.fileName() == null
                || payload.contentType() == null || payload.sizeBytes() == null || payload.status() == null
                || payload.createdAt() == null || payload.updatedAt() == null) {
            throw new MalformedMessageException("attachment payload misses a required field");
        }
        if (!payload.attachmentId().equals(envelope.aggregateId())) {
            throw new MalformedMessageException("attachment payload does not match the envelope's aggregate id");
        }
        if (!payload.status().equals(STATUS_OF_TYPE.get(envelope.type()))) {
            throw new MalformedMessageException("attachment status contradicts the event type");
        }
        return new AttachmentEvent(envelope.eventId(), envelope.type(), envelope.correlationId(), new AttachmentView(
                payload.productId(), payload.attachmentId(), payload.fileName(), payload.contentType(), payload.sizeBytes(),
                payload.sha256(), payload.status(), payload.rejectionReason(), envelope.aggregateVersion(), payload.createdAt(),
                payload.updatedAt()));
    }

    record Payload(UUID attachmentId, UUID productId, String fileName, String contentType, Long sizeBytes, String sha256,
                   String status, String rejectionReason, Instant createdAt, Instant updatedAt) {
    }
}
