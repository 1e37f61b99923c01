package dev.catalog.local.aws.sns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of a Publish call (also one PublishBatch entry). {@code messageStructure} is
 * {@code "json"} when the message holds one text per protocol; null values mean absent.
 */
public record PublishRequest(
        String topicArn,
        String message,
        String subject,
        String messageStructure,
        Map<String, MessageAttribute> messageAttributes,
        String messageGroupId,
        String messageDeduplicationId) {

    public PublishRequest {
        messageAttributes = messageAttributes == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(messageAttributes));
    }

    public static PublishRequest of(String topicArn, String message) {
        return new PublishRequest(topicArn, message, null, null, Map.of(), null, null);
    }

    public PublishRequest withSubject(String newSubject) {
        return new PublishRequest(topicArn, message, newSubject, messageStructure, messageAttributes, messageGroupId, messageDeduplicationId);
    }

    public PublishRequest withAttributes(Map<String, MessageAttribute> attributes) {
        return new PublishRequest(topicArn, message, subject, messageStructure, attributes, messageGroupId, messageDeduplicationId);
    }

    public PublishRequest withFifo(String groupId, String deduplicationId) {
        return new PublishRequest(topicArn, message, subject, messageStructure, messageAttributes, groupId, deduplicationId);
    }
}
