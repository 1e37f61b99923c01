package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.internal.Json;
import dev.catalog.internal.Uuids;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.queue.MessageBodies;
import java.util.Optional;
import java.util.UUID;

/** An {@code attachment.delete} as it arrives on the attachment-commands queue: the raw envelope as the SQS body. */
record AttachmentDeleteCommand(CommandEnvelope envelope, UUID productId, UUID attachmentId) {
    static final String TYPE = "attachment.delete";

    /** @throws MalformedMessageException when the body is not an attachment.delete envelope */
    static AttachmentDeleteCommand read(SQSMessage message) {
        CommandEnvelope envelope = MessageBodies.read(Json.mapper(), message.getBody(), CommandEnvelope.class, "a command envelope");
        if (envelope.commandId() == null || !TYPE.equals(envelope.type()) || envelope.actor() == null
                || envelope.actor().sub() == null || envelope.correlationId() == null || envelope.payload() == null) {
            throw new MalformedMessageException("not an attachment.delete envelope with commandId, actor and correlationId");
        }
        Optional<UUID> productId = Uuids.parse(envelope.payload().path("productId").asText(null));
        Optional<UUID> attachmentId = Uuids.parse(envelope.payload().path("attachmentId").asText(null));
        if (productId.isEmpty() || attachmentId.isEmpty()) {
            throw new MalformedMessageException("payload lacks productId or attachmentId");
        }
        return new AttachmentDeleteCommand(envelope, productId.get(), attachmentId.get());
    }
}
