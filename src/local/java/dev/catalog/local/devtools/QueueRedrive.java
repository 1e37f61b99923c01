package dev.catalog.local.devtools;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Moves the messages of a dead-letter queue back to the queue they came from, one at a time:
 * receive, send a copy to the source queue, and delete it from the dead-letter queue only once the
 * send succeeded. A failed send leaves the message where it was (visible again at once), so nothing
 * is lost; the run stops at the first failure and says how far it got.
 *
 * <p>The copy keeps the body and every message attribute; for a FIFO source it keeps the
 * MessageGroupId, so the message rejoins its group's order. It does <em>not</em> reuse the original
 * MessageDeduplicationId: SQS would drop a copy sent within five minutes of the original as a
 * duplicate — exactly when a redrive usually happens. The copy's deduplication id is derived from
 * the dead-letter message's id and receipt, so two runs never collide, and the one case where a
 * message can arrive twice is a delete that fails after its send succeeded (the consumers are
 * idempotent on commandId and eventId, which makes that harmless).
 *
 * <p>Works with any SQS endpoint (the local ElasticMQ or AWS), so operations tooling can reuse it.
 */
public final class QueueRedrive {
    /** Long enough to send and delete one message; short enough that an interrupted run recovers soon. */
    private static final int IN_FLIGHT_SECONDS = 30;

    /**
     * What one run did.
     *
     * @param moved messages now in the source queue and gone from the dead-letter queue
     * @param failure why the run stopped early, or null when the dead-letter queue was drained
     */
    public record Result(int moved, List<String> movedMessageIds, String failure) {
        public boolean complete() {
            return failure == null;
        }
    }

    private final SqsClient sqs;

    public QueueRedrive(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Moves every message currently in {@code deadLetterQueueUrl} to {@code sourceQueueUrl}. */
    public Result redrive(String deadLetterQueueUrl, String sourceQueueUrl) {
        boolean fifo = sourceQueueUrl.endsWith(".fifo");
        List<String> moved = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(IN_FLIGHT_SECONDS).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return new Result(moved.size(), List.copyOf(moved), null);
            }
            for (int i = 0; i < batch.size(); i++) {
                Message message = batch.get(i);
                if (moved.contains(message.messageId())) {
                    // It failed again and came back during this run: moving it once per run is enough.
                    releaseQuietly(deadLetterQueueUrl, batch.subList(i, batch.size()));
                    return new Result(moved.size(), List.copyOf(moved), null);
                }
                try {
                    sqs.sendMessage(copyOf(message, sourceQueueUrl, fifo));
                } catch (SqsException e) {
                    // Give back this message and the rest of the batch at once: they stay in the dead-letter queue.
                    releaseQuietly(deadLetterQueueUrl, batch.subList(i, batch.size()));
                    return new Result(moved.size(), List.copyOf(moved), "sending message " + message.messageId()
                            + " to the source queue failed: " + e.awsErrorDetails().errorMessage());
                }
                try {
                    sqs.deleteMessage(request -> request.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
                } catch (SqsException e) {
                    releaseQuietly(deadLetterQueueUrl, batch.subList(i + 1, batch.size()));
                    return new Result(moved.size(), List.copyOf(moved), "message " + message.messageId()
                            + " was copied to the source queue but could not be deleted from the dead-letter queue: "
                            + e.awsErrorDetails().errorMessage());
                }
                moved.add(message.messageId());
            }
        }
    }

    static SendMessageRequest copyOf(Message message, String sourceQueueUrl, boolean fifo) {
        SendMessageRequest.Builder copy = SendMessageRequest.builder().queueUrl(sourceQueueUrl).messageBody(message.body())
                .messageAttributes(message.messageAttributes());
        if (fifo) {
            Map<MessageSystemAttributeName, String> system = message.attributes();
            String group = system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            copy.messageGroupId(group == null ? "redrive" : group)
                    .messageDeduplicationId(deduplicationId(message));
        }
        return copy.build();
    }

    /**
     * Named after the dead-lettered message: the source queue's original deduplication id would make
     * SQS drop the copy within its five-minute window, while this one makes a repeated move of the
     * same message (its delete was lost) a no-op. A copy that fails again reaches the DLQ under a new
     * message id, so its next redrive is not deduplicated away.
     */
    private static String deduplicationId(Message message) {
        return "redrive-" + message.messageId();
    }

    private void releaseQuietly(String queueUrl, List<Message> messages) {
        for (Message message : messages) {
            try {
                sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            } catch (SqsException e) {
                // It becomes visible by itself after IN_FLIGHT_SECONDS; nothing is lost.
            }
        }
    }
}
