package dev.catalog.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields of an SNS notification envelope (an SQS body from a subscription without raw
 * delivery) that consumers use.
 *
 * @param sequenceNumber the topic's sequence number; only FIFO topics set one, otherwise null
 */
public record SnsNotification(String messageId, String topicArn, String timestamp, String message, String sequenceNumber) {

    /** Parses an SQS body as an SNS envelope; fails with {@link MalformedMessageException} otherwise. */
    public static SnsNotification parse(ObjectMapper json, String body) {
        JsonNode envelope;
        try {
            envelope = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new MalformedMessageException("body is not JSON");
        }
        if (envelope == null || !envelope.isObject() || !"Notification".equals(envelope.path("Type").asText())) {
            throw new MalformedMessageException("body is not an SNS notification envelope");
        }
        return new SnsNotification(
                requiredText(envelope, "MessageId"),
                requiredText(envelope, "TopicArn"),
                requiredText(envelope, "Timestamp"),
                requiredText(envelope, "Message"),
                envelope.path("SequenceNumber").isTextual() ? envelope.get("SequenceNumber").asText() : null);
    }

    private static String requiredText(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedMessageException("SNS envelope has no " + field);
        }
        return value.asText();
    }
}
