package dev.catalog.outbox;

import dev.catalog.config.FunctionEnvironment;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/** Publishes outbox rows with SNS {@code PublishBatch}, one request per topic and ten rows. */
public final class SnsOutboxPublisher implements OutboxPublisher {
    private final SnsClient sns;
    private final Map<OutboxTopic, String> topicArns;

    public SnsOutboxPublisher(SnsClient sns, String eventsTopicArn, String repliesTopicArn) {
        this.sns = sns;
        this.topicArns = Map.of(OutboxTopic.EVENTS, eventsTopicArn, OutboxTopic.REPLIES, repliesTopicArn);
    }

    /** Publishes to the function's {@code EVENTS_TOPIC_ARN} and {@code REPLIES_TOPIC_ARN}. */
    public static SnsOutboxPublisher forTopicsOf(FunctionEnvironment environment) {
        return new SnsOutboxPublisher(environment.clients().sns(),
                environment.settings().requireEventsTopicArn(), environment.settings().requireRepliesTopicArn());
    }

    @Override
    public Set<Long> publishBatch(OutboxTopic topic, List<PendingOutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Set.of();
        }
        if (messages.size() > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("PublishBatch takes at most " + MAX_BATCH_SIZE + " entries");
        }
        List<PublishBatchRequestEntry> entries = messages.stream().map(SnsOutboxPublisher::entry).toList();
        PublishBatchResponse response;
        try {
            response = sns.publishBatch(request -> request.topicArn(topicArns.get(topic)).publishBatchRequestEntries(entries));
        } catch (SdkException e) {
            throw new OutboxPublishException("PublishBatch to the " + topic.column() + " topic failed", e);
        }
        Set<Long> published = new HashSet<>();
        response.successful().forEach(success -> published.add(Long.parseLong(success.id())));
        return published;
    }

    /** The row id is the batch entry id: unique in the batch and made of digits, as SNS requires. */
    private static PublishBatchRequestEntry entry(PendingOutboxMessage pending) {
        OutboxMessage message = pending.message();
        Map<String, MessageAttributeValue> attributes = message.attributes().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, attribute -> MessageAttributeValue.builder().dataType("String").stringValue(attribute.getValue()).build()));
        PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder()
                .id(Long.toString(pending.id()))
                .message(message.body())
                .messageAttributes(attributes);
        // SNS rejects group and deduplication ids on standard topics, so only FIFO rows (with a group) send them.
        if (message.messageGroupId() != null) {
            entry.messageGroupId(message.messageGroupId()).messageDeduplicationId(message.deduplicationId());
        }
        return entry.build();
    }
}
