package dev.catalog.attachment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.command.JdbcProcessedCommands;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.outbox.JdbcOutbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.PendingOutboxMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link AttachmentStore} on the container's Aurora connection (V4 migration). */
public final class JdbcAttachmentStore implements AttachmentStore {
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
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM attachments WHERE id = ?")) {
                select.setObject(1, attachmentId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
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
    public Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages) {
        return transactions.inTransaction(connection -> {
            if (!new JdbcProcessedCommands(connection).markProcessed(processingId, UPLOAD_PROCESSING_TYPE)) {
                return Optional.<List<PendingOutboxMessage>>empty();
            }
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
                // A second upload through the same URL: the first one's record stands.
                return Optional.<List<PendingOutboxMessage>>empty();
            }
            JdbcOutbox outbox = new JdbcOutbox(connection, json);
            List<PendingOutboxMessage> pending = new ArrayList<>();
            messages.forEach(message -> pending.add(outbox.append(message)));
            return Optional.of(pending);
        });
    }
}
