package dev.catalog.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.Actor;
import java.util.UUID;

/**
 * A validated command the API is about to accept.
 *
 * @param payload      the payload as it will be published, productId included
 * @param requestHash  see {@link CommandRecord#requestHash()}
 * @param idMayBeTaken true when the command id came from the client (an idempotency key or a
 *                     client-chosen id), so a command with this id may already be stored
 */
public record NewCommand(
        UUID commandId,
        String type,
        UUID productId,
        ObjectNode payload,
        String requestHash,
        Actor actor,
        String correlationId,
        boolean idMayBeTaken) {
}
