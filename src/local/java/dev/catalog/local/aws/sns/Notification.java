package dev.catalog.local.aws.sns;

import java.time.Instant;
import java.util.Map;

/**
 * A message accepted on a topic, as delivered to one subscription: {@code message} is already
 * the text for that subscription's protocol (MessageStructure=json resolved).
 */
public record Notification(
        String messageId,
        String topicArn,
        String subject,
        String message,
        Map<String, MessageAttribute> messageAttributes,
        Instant timestamp,
        String sequenceNumber,
        String messageGroupId,
        String messageDeduplicationId) {

    public Notification {
        messageAttributes = Map.copyOf(messageAttributes);
    }
}
