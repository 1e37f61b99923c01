package dev.catalog.attachment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.messaging.EventEnvelope;
import dev.catalog.messaging.MessageAttributeNames;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ErrorCode;
import dev.catalog.messaging.Reply.ReplyError;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxTopic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox messages of an attachment's change: its event ({@code attachment.stored},
 * {@code attachment.rejected} or {@code attachment.deleted}, grouped by product on the FIFO events
 * topic) and a reply to whoever caused it.
 *
 * <p>The event's aggregate is the attachment: version 1 when the upload is recorded, 2 when it is
 * deleted. Its payload is the attachment as it then is, product id included, so a view keyed by
 * product can converge on it.
 */
public final class AttachmentMessages {
    /** The reply type of a processed upload: uploads are not commands, but their outcome is answered like one. */
    public static final String UPLOAD_REPLY_TYPE = "attachment.upload";

    private final ObjectMapper json;

    public AttachmentMessages(ObjectMapper json) {
        this.json = json;
    }

    /** Event type for a status. */
    public static String eventType(AttachmentStatus status) {
        return switch (status) {
            case STORED -> "attachment.stored";
            case REJECTED -> "attachment.rejected";
            case DELETED -> "attachment.deleted";
        };
    }

    /** Same cause and type, same id: a re-run publishes a copy the FIFO topic and consumers drop. */
    public static UUID eventId(UUID causationId, String eventType) {
        return UUID.nameUUIDFromBytes((causationId + ":" + eventType).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event and the reply of a processed upload; the attachment id stands in for a command id
     * (the API handed it to the client, who can match the reply with it).
     *
     * @param uploadedBy the subject of the editor who asked for the upload URL
     */
    public List<OutboxMessage> uploadProcessed(Attachment attachment, String uploadedBy) {
        String correlationId = attachment.attachmentId().toString();
        OutboxMessage event = event(attachment, attachment.attachmentId(), correlationId, 1);
        ObjectNode result = json.createObjectNode()
                .put("productId", attachment.productId().toString())
                .put("attachmentId", attachment.attachmentId().toString())
                .put("status", attachment.status().name());
        Reply reply = attachment.status() == AttachmentStatus.STORED
                ? new Reply(attachment.attachmentId(), UPLOAD_REPLY_TYPE, ReplyStatus.SUCCEEDED, uploadedBy, correlationId,
                        attachment.updatedAt(), result, null, null)
                : new Reply(attachment.attachmentId(), UPLOAD_REPLY_TYPE, ReplyStatus.FAILED, uploadedBy, correlationId,
                        attachment.updatedAt(), null, new ReplyError(ErrorCode.UPLOAD_REJECTED,
                        attachment.rejectionReason().name() + ": " + attachment.rejectionReason().message()), null);
        return List.of(event, reply(reply));
    }

    /** The event and SUCCEEDED reply of an applied {@code attachment.delete}. */
    public List<OutboxMessage> deleted(CommandEnvelope command, Attachment deleted) {
        ObjectNode result = json.createObjectNode()
                .put("productId", deleted.productId().toString())
                .put("attachmentId", deleted.attachmentId().toString())
                .put("status", deleted.status().name());
        return List.of(event(deleted, command.commandId(), command.correlationId(), 2),
                reply(new Reply(command.commandId(), command.type(), ReplyStatus.SUCCEEDED, command.actor().sub(),
                        command.correlationId(), deleted.updatedAt(), result, null, command.issuedAt())));
    }

    /** The FAILED reply of an {@code attachment.delete} naming no live attachment of that product. */
    public OutboxMessage deleteFailed(CommandEnvelope command, java.time.Instant completedAt) {
        return reply(new Reply(command.commandId(), command.type(), ReplyStatus.FAILED, command.actor().sub(),
                command.correlationId(), completedAt, null,
                new ReplyError(ErrorCode.ATTACHMENT_NOT_FOUND, "the product has no such attachment, or it is already deleted"),
                command.issuedAt()));
    }

    OutboxMessage event(Attachment attachment, UUID causationId, String correlationId, long version) {
        String type = eventType(attachment.status());
        UUID eventId = eventId(causationId, type);
        EventEnvelope event = new EventEnvelope(eventId, type, attachment.attachmentId(), version, attachment.updatedAt(),
                causationId, correlationId, snapshot(attachment));
        return new OutboxMessage(OutboxTopic.EVENTS, attachment.productId().toString(), eventId.toString(),
                Map.of(MessageAttributeNames.TYPE, type, MessageAttributeNames.CORRELATION_ID, correlationId), write(event));
    }

    OutboxMessage reply(Reply reply) {
        return new OutboxMessage(OutboxTopic.REPLIES, null, reply.commandId().toString(),
                Map.of(MessageAttributeNames.TYPE, reply.type(), MessageAttributeNames.ACTOR, reply.actor(),
                        MessageAttributeNames.STATUS, reply.status().name(), MessageAttributeNames.CORRELATION_ID, reply.correlationId()),
                write(reply));
    }

    private ObjectNode snapshot(Attachment attachment) {
        ObjectNode payload = json.createObjectNode()
                .put("attachmentId", attachment.attachmentId().toString())
                .put("productId", attachment.productId().toString())
                .put("fileName", attachment.fileName())
                .put("contentType", attachment.contentType())
                .put("sizeBytes", attachment.sizeBytes())
                .put("status", attachment.status().name())
                .put("createdAt", attachment.createdAt().toString())
                .put("updatedAt", attachment.updatedAt().toString());
        if (attachment.sha256() != null) {
            payload.put("sha256", attachment.sha256());
        }
        if (attachment.rejectionReason() != null) {
            payload.put("rejectionReason", attachment.rejectionReason().name());
        }
        return payload;
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelopes of strings, numbers and instants always serialise", e);
        }
    }
}
