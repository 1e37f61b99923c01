package dev.catalog.product;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.command.CommandEnvelope;
import dev.catalog.queue.MalformedMessageException;
import java.io.IOException;

/** A product command as it arrives on the product-commands queue: the raw envelope as the SQS body. */
public record ProductCommandMessage(CommandEnvelope envelope, ProductCommand command) {

    /** @throws MalformedMessageException when the body is not a product command envelope */
    public static ProductCommandMessage read(ObjectMapper json, SQSMessage message) {
        CommandEnvelope envelope;
        try {
            envelope = json.readValue(message.getBody(), CommandEnvelope.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("body is not a command envelope");
        }
        if (envelope == null || envelope.commandId() == null || envelope.type() == null || envelope.actor() == null
                || envelope.actor().sub() == null || envelope.correlationId() == null) {
            throw new MalformedMessageException("command envelope lacks commandId, type, actor or correlationId");
        }
        return new ProductCommandMessage(envelope, ProductCommand.from(envelope));
    }
}
