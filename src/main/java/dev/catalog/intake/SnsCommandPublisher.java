package dev.catalog.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.messaging.MessageAttributeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Commands on the FIFO commands topic: one message group per product (its commands apply in
 * order), deduplicated by command id, with the attributes subscriptions filter on.
 */
final class SnsCommandPublisher implements CommandPublisher {
    /** SNS takes at most ten entries per PublishBatch call. */
    static final int MAX_BATCH = 10;

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper json;

    public SnsCommandPublisher(SnsClient sns, String topicArn, ObjectMapper json) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.json = json;
    }

    @Override
    public void publish(CommandEnvelope command) {
        try {
            sns.publish(request -> request.topicArn(topicArn)
                    .message(body(command))
                    .messageGroupId(command.aggregateId())
                    .messageDeduplicationId(command.commandId().toString())
                    .messageAttributes(attributes(command)));
        } catch (SdkException e) {
            throw new CommandPublishFailedException(List.of(command.commandId()), "publish failed", e, throttling(e));
        }
    }

    @Override
    public void publishAll(List<CommandEnvelope> commands) {
        if (commands.isEmpty()) {
            return;
        }
        if (commands.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " commands per batch, got " + commands.size());
        }
        // Batch entry ids only need to be unique within the call: the position maps failures back.
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (int position = 0; position < commands.size(); position++) {
            CommandEnvelope command = commands.get(position);
            entries.add(PublishBatchRequestEntry.builder()
                    .id(Integer.toString(position))
                    .message(body(command))
                    .messageGroupId(command.aggregateId())
                    .messageDeduplicationId(command.commandId().toString())
                    .messageAttributes(attributes(command))
                    .build());
        }
        PublishBatchResponse response;
        try {
            response = sns.publishBatch(request -> request.topicArn(topicArn).publishBatchRequestEntries(entries));
        } catch (SdkException e) {
            throw new CommandPublishFailedException(commands.stream().map(CommandEnvelope::commandId).toList(),
                    "publish batch failed", e, throttling(e));
        }
        if (response.hasFailed() && !response.failed().isEmpty()) {
            List<UUID> failed = new ArrayList<>();
            for (BatchResultErrorEntry entry : response.failed()) {
                failed.add(commands.get(Integer.parseInt(entry.id())).commandId());
            }
            throw new CommandPublishFailedException(failed, "publish batch failed for " + failed.size() + " of "
                    + commands.size() + " commands (first code " + response.failed().get(0).code() + ")", null,
                    response.failed().stream().allMatch(entry -> THROTTLING_CODES.contains(entry.code())));
        }
    }

    /** Entry codes SNS reports for a batch entry refused for load. */
    private static final java.util.Set<String> THROTTLING_CODES = java.util.Set.of("Throttled", "Throttling", "ThrottlingException");

    /**
     * SNS refused for load: {@code ThrottledException} (429, code Throttled) or AWS's common
     * {@code Throttling}; the SDK retried it already, so the API passes the pressure on to the client.
     */
    private static boolean throttling(SdkException e) {
        return e instanceof AwsServiceException service
                && (service.isThrottlingException() || THROTTLING_CODES.contains(service.awsErrorDetails() == null
                        ? null : service.awsErrorDetails().errorCode()));
    }

    private String body(CommandEnvelope command) {
        try {
            return json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("command " + command.commandId() + " cannot be written as JSON", e);
        }
    }

    private static Map<String, MessageAttributeValue> attributes(CommandEnvelope command) {
        return Map.of(
                MessageAttributeNames.TYPE, text(command.type()),
                MessageAttributeNames.ACTOR, text(command.actor().sub()),
                MessageAttributeNames.CORRELATION_ID, text(command.correlationId()));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
