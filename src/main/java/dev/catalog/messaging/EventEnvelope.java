package dev.catalog.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as published on the events topic ({@code schemas/event.v1.json}).
 *
 * @param causationId the command that caused it
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        UUID aggregateId,
        long aggregateVersion,
        Instant occurredAt,
        UUID causationId,
        String correlationId,
        ObjectNode payload) {
}
