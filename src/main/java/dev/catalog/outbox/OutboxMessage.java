package dev.catalog.outbox;

import java.util.Map;

/**
 * A message written in the same transaction as the change it announces, published after commit.
 *
 * @param messageGroupId  the FIFO message group (the aggregate id); null on the standard replies topic
 * @param deduplicationId the event id or command id; sent as the FIFO deduplication id only with a group
 * @param attributes      SNS string message attributes subscriptions filter on
 * @param body            the JSON message
 */
public record OutboxMessage(OutboxTopic topic, String messageGroupId, String deduplicationId,
                            Map<String, String> attributes, String body) {
    public OutboxMessage {
        attributes = Map.copyOf(attributes);
    }
}
