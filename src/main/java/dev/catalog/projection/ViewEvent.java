package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import dev.catalog.internal.Json;
import java.io.IOException;

/** An event of the projections queue: a product's new snapshot, or an attachment's. */
sealed interface ViewEvent permits ProductEvent, AttachmentEvent {

    /** Reads a raw SQS body as the event its {@code type} names (the message attribute when present, else the body's). */
    static ViewEvent read(SQSMessage message) {
        return AttachmentEvent.isAttachmentEvent(typeOf(message))
                ? AttachmentEvent.parse(Json.mapper(), message.getBody())
                : ProductEvent.parse(Json.mapper(), message.getBody());
    }

    private static String typeOf(SQSMessage message) {
        MessageAttribute attribute = message.getMessageAttributes() == null ? null : message.getMessageAttributes().get("type");
        if (attribute != null && attribute.getStringValue() != null) {
            return attribute.getStringValue();
        }
        try {
            return Json.mapper().readTree(message.getBody()).path("type").asText();
        } catch (IOException | RuntimeException e) {
            return ""; // ProductEvent.parse names the problem
        }
    }
}
