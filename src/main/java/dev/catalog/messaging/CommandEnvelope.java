package dev.catalog.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A command as published on the commands topic ({@code schemas/command.v1.json}). The payload is
 * kept as JSON: its shape belongs to the command type ({@code schemas/<type>.v1.json}).
 *
 * @param issuedAt the command's {@code acceptedAt} in the commands table (a re-published command
 *     keeps its first acceptance time); replies carry it back as their {@code acceptedAt}
 */
public record CommandEnvelope(
        UUID commandId,
        String type,
        int schemaVersion,
        Instant issuedAt,
        Actor actor,
        String correlationId,
        ObjectNode payload) {

    /** The aggregate the command changes: its FIFO message group on every topic and queue. */
    public String aggregateId() {
        return payload.path("productId").asText();
    }
}
