package dev.catalog.queue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the failed messages of one SQS batch for a {@code ReportBatchItemFailures} response.
 *
 * <p>On a FIFO queue order within a message group must hold: once a message of a group fails,
 * every later message of that group in the batch is failed too, without being processed, so that
 * it is retried after the one it follows. Messages of other groups carry on. Standard queue
 * messages have no group and fail alone.
 */
final class BatchItemFailures {
    private final List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    private final Set<String> failedGroups = new HashSet<>();

    /** True when an earlier message of this message's FIFO group has failed in this batch. */
    boolean isBlocked(SQSMessage message) {
        String group = groupOf(message);
        return group != null && failedGroups.contains(group);
    }

    /** Marks the message failed; on a FIFO queue this also blocks the rest of its group. */
    void fail(SQSMessage message) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        String group = groupOf(message);
        if (group != null) {
            failedGroups.add(group);
        }
    }

    boolean isEmpty() {
        return failures.isEmpty();
    }

    int count() {
        return failures.size();
    }

    SQSBatchResponse toResponse() {
        return new SQSBatchResponse(List.copyOf(failures));
    }

    private static String groupOf(SQSMessage message) {
        return message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
    }
}
