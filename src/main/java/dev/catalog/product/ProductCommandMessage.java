package dev.catalog.product;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.queue.MessageBodies;

/** A product command as it arrives on the product-commands queue: the raw envelope as the SQS body. */
record ProductCommandMessage(CommandEnvelope envelope, ProductCommand command) {

    /** @throws MalformedMessageException when the body is not a product command envelope */
    public static ProductCommandMessage read(ObjectMapper json, SQSMessage message) {
        CommandEnvelope envelope = MessageBodies.read(json, message.getBody(), CommandEnvelope.class, "a command envelope");
        if (envelope.commandId() == null || envelope.type() == null || envelope.actor() == null
                || envelope.actor().sub() == null || envelope.correlationId() == null) {
            throw new MalformedMessageException("command envelope lacks commandId, type, actor or correlationId");
        }
        return new ProductCommandMessage(envelope, ProductCommand.from(envelope));
    }
}
