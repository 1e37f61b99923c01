package dev.catalog.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchItemFailuresTest {

    @Test
    void failureBlocksLaterMessagesOfTheSameFifoGroupOnly() {
        BatchItemFailures failures = new BatchItemFailures();
        SQSMessage first = message("m1", "group-a");
        SQSMessage sameGroup = message("m2", "group-a");
        SQSMessage otherGroup = message("m3", "group-b");

        failures.fail(first);

        assertTrue(failures.isBlocked(sameGroup));
        assertFalse(failures.isBlocked(otherGroup));
    }

    @Test
    void standardQueueMessagesFailAlone() {
        BatchItemFailures failures = new BatchItemFailures();
        failures.fail(message("m1", null));

        assertFalse(failures.isBlocked(message("m2", null)));
    }

    @Test
    void responseListsFailedMessageIdsInOrder() {
        BatchItemFailures failures = new BatchItemFailures();
        failures.fail(message("m1", "g"));
        failures.fail(message("m2", "g"));

        assertEquals(2, failures.count());
        assertEquals(java.util.List.of("m1", "m2"), failures.toResponse().getBatchItemFailures().stream()
                .map(BatchItemFailure::getItemIdentifier).toList());
    }

    @Test
    void emptyResponseWhenNothingFailed() {
        BatchItemFailures failures = new BatchItemFailures();

        assertTrue(failures.isEmpty());
        assertTrue(failures.toResponse().getBatchItemFailures().isEmpty());
    }

    private static SQSMessage message(String id, String group) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(id);
        message.setAttributes(group == null ? Map.of() : Map.of("MessageGroupId", group));
        return message;
    }
}
