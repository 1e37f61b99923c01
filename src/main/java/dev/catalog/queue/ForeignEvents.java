package dev.catalog.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.catalog.internal.StructuredLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gate in front of every SQS function: an event that is not an SQS batch (an S3, SNS, API
 * Gateway or CloudWatch event sent to the function by hand, or by a misconfigured trigger)
 * deserialises as an {@link SQSEvent} with no records, or with records lacking a message id and a
 * body. Such an event is answered here, before any handler code dereferences those fields.
 */
final class ForeignEvents {
    private ForeignEvents() {
    }

    /**
     * The answer to a foreign event, or empty when {@code event} is an SQS batch the handler may read.
     *
     * <ul>
     *   <li>No records: nothing to process and nothing SQS could redeliver, so an empty response.
     *   <li>A record without a message id or body: no message of it can be failed on its own, so the
     *       whole batch fails — one failure per record, those without an id with an empty identifier,
     *       which Lambda's partial batch response takes as "the whole batch failed". Nothing of it is
     *       processed: a real SQS batch never holds such a record.
     * </ul>
     */
    static Optional<SQSBatchResponse> answer(SQSEvent event, Context context) {
        List<SQSMessage> records = event == null ? null : event.getRecords();
        if (records == null || records.isEmpty()) {
            StructuredLog.write(context, "WARN", "not an SQS event: no records; nothing processed", Map.of());
            return Optional.of(new SQSBatchResponse(List.of()));
        }
        if (records.stream().allMatch(ForeignEvents::isSqsMessage)) {
            return Optional.empty();
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSMessage record : records) {
            String messageId = record == null || record.getMessageId() == null ? "" : record.getMessageId();
            failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
        }
        StructuredLog.write(context, "ERROR", "not an SQS event: records without a messageId or body; the whole batch fails",
                Map.of("records", records.size(), "withoutId", records.stream().filter(record -> !isSqsMessage(record)).count()));
        return Optional.of(new SQSBatchResponse(failures));
    }

    private static boolean isSqsMessage(SQSMessage record) {
        return record != null && record.getMessageId() != null && !record.getMessageId().isBlank() && record.getBody() != null;
    }
}
