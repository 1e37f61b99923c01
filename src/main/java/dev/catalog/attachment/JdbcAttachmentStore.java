package dev.catalog.attachment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.command.JdbcProcessedCommands;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.outbox.JdbcOutbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.PendingOutboxMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link AttachmentStore} on the container's Aurora connection (V4 migration). */
final class JdbcAttachmentStore implements AttachmentStore {
    /** The processed_commands type that marks an upload as handled. */
    static final String UPLOAD_PROCESSING_TYPE = "attachment.upload";

    private final JdbcTransactions transactions;
    private final ObjectMapper json;

    public JdbcAttachmentStore(JdbcTransactions transactions, ObjectMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public boolean exists(UUID attachmentId) {
        return transactions.inTransaction(connection -> isRecorded(connection, attachmentId));
    }

    @Override
    public boolean productIsLive(UUID productId) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM products WHERE id = ? AND NOT deleted")) {
                select.setObject(1, productId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages,
            Runnable beforeRecording) {
        return transactions.inTransaction(connection -> {
            lockUntilTransactionEnds(connection, attachment.attachmentId());
            if (!new JdbcProcessedCommands(connection).markProcessed(processingId, UPLOAD_PROCESSING_TYPE)
                    || isRecorded(connection, attachment.attachmentId())) {
                // Another upload through the same URL, or this one again: the first one's record stands.
                return Optional.<List<PendingOutboxMessage>>empty();
            }
            beforeRecording.run();
            int inserted;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO attachments (id, product_id, file_name, content_type, size_bytes, sha256, status, s3_key,
                                             rejection_reason, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING""")) {
                insert.setObject(1, attachment.attachmentId());
                insert.setObject(2, attachment.productId());
                insert.setString(3, attachment.fileName());
                insert.setString(4, attachment.contentType());
                insert.setLong(5, attachment.sizeBytes());
                insert.setString(6, attachment.sha256());
                insert.setString(7, attachment.status().name());
                insert.setString(8, attachment.s3Key());
                insert.setString(9, attachment.rejectionReason() == null ? null : attachment.rejectionReason().name());
                insert.setTimestamp(10, Timestamp.from(attachment.createdAt()));
                insert.setTimestamp(11, Timestamp.from(attachment.updatedAt()));
                inserted = insert.executeUpdate();
            }
            if (inserted == 0) {
                throw new IllegalStateException("attachment " + attachment.attachmentId() + " was recorded while its lock was held");
            }
            JdbcOutbox outbox = new JdbcOutbox(connection, json);
            List<PendingOutboxMessage> pending = new ArrayList<>();
            messages.forEach(message -> pending.add(outbox.append(message)));
            return Optional.of(pending);
        });
    }

    /**
     * A transaction-scoped advisory lock on the attachment id: there is no row to lock before the
     * attachment is recorded. Folding the UUID into the lock's 64 bits may make two attachments
     * share a lock, which only makes one wait for the other.
     */
    private static void lockUntilTransactionEnds(Connection connection, UUID attachmentId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, attachmentId.getMostSignificantBits() ^ attachmentId.getLeastSignificantBits());
            lock.execute();
        }
    }

    private static boolean isRecorded(Connection connection, UUID attachmentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM attachments WHERE id = ?")) {
            select.setObject(1, attachmentId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    @Override
    public DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, java.time.Instant now,
            java.util.function.Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound) {
        return transactions.inTransaction(connection -> {
            if (!new JdbcProcessedCommands(connection).markProcessed(commandId, commandType)) {
                return new DeleteResult(DeleteOutcome.DUPLICATE, List.of(), isDeleted(connection, productId, attachmentId));
            }
            JdbcOutbox outbox = new JdbcOutbox(connection, json);
            Attachment found = null;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT file_name, content_type, size_bytes, sha256, s3_key, created_at FROM attachments
                    WHERE id = ? AND product_id = ? AND status = 'STORED' FOR UPDATE""")) {
                select.setObject(1, attachmentId);
                select.setObject(2, productId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        found = new Attachment(attachmentId, productId, row.getString("file_name"), row.getString("content_type"),
                                row.getLong("size_bytes"), row.getString("sha256"), Attachment.AttachmentStatus.DELETED,
                                row.getString("s3_key"), null, row.getTimestamp("created_at").toInstant(), now);
                    }
                }
            }
            if (found == null) {
                return new DeleteResult(DeleteOutcome.NOT_FOUND, List.of(outbox.append(onNotFound)), false);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE attachments SET status = 'DELETED', updated_at = ? WHERE id = ?")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setObject(2, attachmentId);
                update.executeUpdate();
            }
            List<PendingOutboxMessage> pending = new ArrayList<>();
            onDeleted.apply(found).forEach(message -> pending.add(outbox.append(message)));
            return new DeleteResult(DeleteOutcome.DELETED, pending, true);
        });
    }

    /** A redelivered delete may only remove the object when its first delivery did delete the attachment. */
    private static boolean isDeleted(Connection connection, UUID productId, UUID attachmentId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM attachments WHERE id = ? AND product_id = ? AND status = 'DELETED'")) {
            select.setObject(1, attachmentId);
            select.setObject(2, productId);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
