package dev.catalog.attachment;

import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.PendingOutboxMessage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Aurora's attachments, written with the outbox in one transaction. Adapters raise
 * {@link dev.catalog.db.DatabaseUnavailableException} when the database fails.
 */
public interface AttachmentStore {

    /** True when the attachment is already recorded, whatever its status. */
    boolean exists(UUID attachmentId);

    /** True when the product exists and is not deleted. */
    boolean productIsLive(UUID productId);

    /**
     * Records the outcome of one upload and its messages in one transaction, unless this upload
     * (named by {@code processingId}) or this attachment was recorded before.
     *
     * <p>{@code beforeRecording} runs inside that transaction, only once this upload is known to be
     * the first of its attachment, and while every other recording of the same attachment waits for
     * this one to end. The upload processor copies the bytes there: the copy under the attachment's
     * key is then always the one whose checksum is recorded, however many processors race on
     * duplicate or reordered notifications. When it throws, nothing is recorded and the exception
     * propagates.
     *
     * @return the committed outbox rows to publish; empty when nothing was written (a duplicate)
     */
    Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages,
            Runnable beforeRecording);

    /** What {@link #applyDelete} did. */
    enum DeleteOutcome { DELETED, NOT_FOUND, DUPLICATE }

    /**
     * @param committed         the outbox rows to publish after commit; empty for a duplicate
     * @param attachmentDeleted true when the attachment is recorded DELETED (by this command, or for a
     *                          duplicate by its first delivery): only then may its object go
     */
    record DeleteResult(DeleteOutcome outcome, List<PendingOutboxMessage> committed, boolean attachmentDeleted) {
    }

    /**
     * Soft-deletes a STORED attachment of the product in one transaction with its messages, once per
     * command id: {@code onDeleted} builds the messages of the deleted attachment, {@code onNotFound}
     * the FAILED reply when there is no such live attachment.
     */
    DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, java.time.Instant now,
            java.util.function.Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound);
}
