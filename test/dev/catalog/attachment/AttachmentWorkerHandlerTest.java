package dev.catalog.attachment;

import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.attachment.AttachmentStore.DeleteOutcome;
import dev.catalog.attachment.AttachmentStore.DeleteResult;
import dev.catalog.db.DatabaseUnavailableException;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.PendingOutboxMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The order of an attachment delete: the record commits first, the object goes after; never a row pointing at nothing. */
class AttachmentWorkerHandlerTest {
    private static final String SAMPLE = "events/sqs-attachment-commands-batch.json";

    /** What happened, in order: "record <attachmentId>" and "delete <key>". */
    private final List<String> steps = new ArrayList<>();
    private Supplier<DeleteResult> storeAnswer = () -> new DeleteResult(DeleteOutcome.DELETED, List.of(), true);
    private int objectDeletesToFail;

    private final AttachmentWorkerHandler handler = new AttachmentWorkerHandler(new Objects(), new Store(),
            new OutboxAfterCommit(new dev.catalog.outbox.OutboxTransactions() {
                @Override
                public <T> T inTransaction(Function<dev.catalog.outbox.Outbox, T> work) {
                    throw new AssertionError("nothing committed, nothing to relay");
                }
            }, new OutboxRelay((topic, messages) -> java.util.Set.of())), Clock.systemUTC());

    @Test
    void removesTheObjectOnlyAfterTheDeleteIsRecorded() {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);

        SQSBatchResponse response = handle(event);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<String> expected = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            AttachmentDeleteCommand command = AttachmentDeleteCommand.read(message);
            expected.add("record " + command.attachmentId());
            expected.add("delete " + AttachmentKeys.stored(command.productId(), command.attachmentId()));
        }
        assertEquals(expected, steps);
    }

    @Test
    void keepsTheObjectWhenTheDatabaseIsDown() {
        storeAnswer = () -> {
            throw new DatabaseUnavailableException("connection refused", null);
        };
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);

        SQSBatchResponse response = handle(event);

        assertEquals(event.getRecords().size(), response.getBatchItemFailures().size(), "every command is retried");
        assertEquals(List.of(), steps.stream().filter(step -> step.startsWith("delete")).toList(), "no object removed");
    }

    @Test
    void retriesAnObjectDeleteThatFailedAfterTheCommitAndTheRedeliveryRemovesIt() {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        SQSEvent first = new SQSEvent();
        first.setRecords(List.of(event.getRecords().get(0)));
        objectDeletesToFail = 1;

        SQSBatchResponse response = handle(first);

        assertEquals(List.of(first.getRecords().get(0).getMessageId()),
                response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        steps.clear();
        storeAnswer = () -> new DeleteResult(DeleteOutcome.DUPLICATE, List.of(), true);

        assertEquals(List.of(), handle(first).getBatchItemFailures());
        assertEquals(2, steps.size());
        assertEquals(true, steps.get(1).startsWith("delete attachments/"), steps.toString());
    }

    @Test
    void aRedeliveredDeleteThatFoundNothingRemovesNoObject() {
        storeAnswer = () -> new DeleteResult(DeleteOutcome.DUPLICATE, List.of(), false);

        assertEquals(List.of(), handle(EventLoader.loadSQSEvent(SAMPLE)).getBatchItemFailures());

        assertEquals(List.of(), steps.stream().filter(step -> step.startsWith("delete")).toList());
    }

    private SQSBatchResponse handle(SQSEvent event) {
        return handler.handleRequest(event, LocalContext.forTest("attachmentWorker"));
    }

    private final class Store implements AttachmentStore {
        @Override
        public boolean exists(UUID attachmentId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean productIsLive(UUID productId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages,
                Runnable beforeRecording) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, Instant now,
                Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound) {
            DeleteResult result = storeAnswer.get();
            steps.add("record " + attachmentId);
            return result;
        }
    }

    private final class Objects implements AttachmentObjects {
        @Override
        public Optional<StoredObject> open(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            if (objectDeletesToFail > 0) {
                objectDeletesToFail--;
                throw new AttachmentStorageException("S3 unavailable (test)", null);
            }
            steps.add("delete " + key);
        }
    }
}
