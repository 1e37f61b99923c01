package dev.catalog.product;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.messaging.EventEnvelope;
import dev.catalog.messaging.MessageAttributeNames;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ReplyError;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxTopic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox messages of a product command: its event ({@code schemas/event.v1.json} with a
 * {@code product-snapshot.v1.json} payload) and its reply ({@code schemas/reply.v1.json}).
 */
public final class ProductMessages {
    private final ObjectMapper json;

    public ProductMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The event id: a name-based UUID of the command and event type, so re-running a command
     * (after a rollback, say) yields the same id and the FIFO topic and consumers can drop the copy.
     */
    public static UUID eventId(UUID commandId, ProductEventType eventType) {
        return UUID.nameUUIDFromBytes((commandId + ":" + eventType.type()).getBytes(StandardCharsets.UTF_8));
    }

    /** The event announcing {@code change}, grouped by product and deduplicated by event id. */
    public OutboxMessage event(CommandEnvelope command, ProductChange change) {
        Product product = change.product();
        UUID eventId = eventId(command.commandId(), change.eventType());
        EventEnvelope event = new EventEnvelope(eventId, change.eventType().type(), product.id(), product.version(),
                product.updatedAt(), command.commandId(), command.correlationId(), snapshot(product));
        return new OutboxMessage(OutboxTopic.EVENTS, product.id().toString(), eventId.toString(),
                Map.of(MessageAttributeNames.TYPE, event.type(), MessageAttributeNames.CORRELATION_ID, command.correlationId()),
                write(event));
    }

    /** The SUCCEEDED reply, with the product id and its new version. */
    public OutboxMessage succeeded(CommandEnvelope command, Product product, Instant completedAt) {
        ObjectNode result = json.createObjectNode().put("productId", product.id().toString()).put("version", product.version());
        return reply(command, new Reply(command.commandId(), command.type(), ReplyStatus.SUCCEEDED, command.actor().sub(),
                command.correlationId(), completedAt, result, null, command.issuedAt()));
    }

    /** The FAILED reply, with the rejection's stable code. */
    public OutboxMessage failed(CommandEnvelope command, ProductCommandRejected rejection, Instant completedAt) {
        return reply(command, new Reply(command.commandId(), command.type(), ReplyStatus.FAILED, command.actor().sub(),
                command.correlationId(), completedAt, null, new ReplyError(rejection.code(), rejection.getMessage()),
                command.issuedAt()));
    }

    private OutboxMessage reply(CommandEnvelope command, Reply reply) {
        return new OutboxMessage(OutboxTopic.REPLIES, null, command.commandId().toString(),
                Map.of(MessageAttributeNames.TYPE, reply.type(), MessageAttributeNames.ACTOR, reply.actor(),
                        MessageAttributeNames.STATUS, reply.status().name(), MessageAttributeNames.CORRELATION_ID, reply.correlationId()),
                write(reply));
    }

    private ObjectNode snapshot(Product product) {
        return json.createObjectNode()
                .put("productId", product.id().toString())
                .put("name", product.name())
                .put("description", product.description())
                .put("version", product.version())
                .put("deleted", product.deleted())
                .put("createdAt", product.createdAt().toString())
                .put("updatedAt", product.updatedAt().toString());
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelopes of strings, numbers and instants always serialise", e);
        }
    }
}
