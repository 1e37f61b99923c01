package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.attachment.AttachmentStore.DeleteOutcome;
import dev.catalog.attachment.AttachmentStore.DeleteResult;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.EnvironmentVariables;
import dev.catalog.db.Database;
import dev.catalog.db.DatabaseUnavailableException;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.services.EmbeddedPostgres;
import dev.catalog.outbox.OutboxTopic;
import dev.catalog.outbox.PendingOutboxMessage;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcAttachmentStore} on real PostgreSQL with the migrations applied, connected as the
 * least-privilege {@code catalog_app} role as the functions are: each upload and each delete is
 * written once, with its outbox rows, in one transaction.
 */
class JdbcAttachmentStoreIT {
    private static final String DATABASE = "catalog";
    private static final Instant AT = Instant.parse("2026-11-21T09:40:49.120Z");

    /** The processor's copy is not what these tests are about (JdbcAttachmentStoreRaceIT is). */
    private static final Runnable NO_COPY = () -> { };

    private static EmbeddedPostgres postgres;
    private static Database database;
    private static JdbcAttachmentStore store;
    private final AttachmentMessages messages = new AttachmentMessages(Json.mapper());
    private UUID product;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"));
        dev.catalog.testsupport.Schema.createMigrated(postgres, DATABASE);
        URI unused = URI.create("http://127.0.0.1:1");
        LocalClientSettings clientSettings = new LocalClientSettings(new LocalEndpoints("eu-west-1", "000000000000", unused, unused, unused, unused));
        CatalogSettings settings = CatalogSettings.from(Map.of(
                EnvironmentVariables.STAGE, "test",
                EnvironmentVariables.DB_HOST, "127.0.0.1",
                EnvironmentVariables.DB_PORT, Integer.toString(postgres.port()),
                EnvironmentVariables.DB_NAME, DATABASE,
                EnvironmentVariables.DB_USER, "catalog_app",
                EnvironmentVariables.DB_ROOT_CERTIFICATE, postgres.certificate().certificate().toString()));
        database = new Database(settings.requireDatabase(), clientSettings);
        store = new JdbcAttachmentStore(new JdbcTransactions(database), Json.mapper());
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (database != null) {
            database.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void liveProduct() throws SQLException {
        superuser("TRUNCATE products, processed_commands, outbox, attachments; DROP TRIGGER IF EXISTS fail_attachments ON attachments");
        product = UUID.randomUUID();
        superuser("INSERT INTO products (id, name, version, created_at, updated_at) VALUES ('" + product + "', 'Walnut desk', 1, now(), now())");
    }

    @Test
    void recordsAStoredUploadWithItsEventAndReplyInTheOutbox() throws Exception {
        Attachment stored = stored(UUID.randomUUID());

        Optional<List<PendingOutboxMessage>> committed = store.recordUpload(UUID.randomUUID(), stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);

        assertEquals(List.of(OutboxTopic.EVENTS, OutboxTopic.REPLIES), committed.orElseThrow().stream().map(row -> row.message().topic()).toList());
        assertEquals("STORED|guide.pdf|application/pdf|482133|" + "a".repeat(64) + "|attachments/" + product + "/" + stored.attachmentId() + "|",
                query("SELECT status || '|' || file_name || '|' || content_type || '|' || size_bytes || '|' || sha256 || '|' || s3_key"
                        + " || '|' || coalesce(rejection_reason, '') FROM attachments WHERE id = '" + stored.attachmentId() + "'"));
        assertEquals("2", query("SELECT count(*) FROM outbox WHERE published_at IS NULL"));
        assertTrue(store.exists(stored.attachmentId()));
        assertFalse(store.exists(UUID.randomUUID()));
    }

    @Test
    void recordsARejectedUploadWithItsReasonAndNoStoredKey() throws Exception {
        Attachment rejected = new Attachment(UUID.randomUUID(), product, "virus.png", "image/png", 5_000, null, AttachmentStatus.REJECTED,
                null, RejectionReason.CONTENT_MISMATCH, AT, AT);

        assertTrue(store.recordUpload(UUID.randomUUID(), rejected, messages.uploadProcessed(rejected, "user-7f3a9c"), NO_COPY).isPresent());

        assertEquals("REJECTED|CONTENT_MISMATCH|true|true", query("SELECT status || '|' || rejection_reason || '|' || (sha256 IS NULL)"
                + " || '|' || (s3_key IS NULL) FROM attachments WHERE id = '" + rejected.attachmentId() + "'"));
    }

    @Test
    void theSameUploadRecordedAgainWritesNothing() throws Exception {
        Attachment stored = stored(UUID.randomUUID());
        UUID processing = UUID.randomUUID();
        store.recordUpload(processing, stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);

        Optional<List<PendingOutboxMessage>> again = store.recordUpload(processing, stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);

        assertEquals(Optional.empty(), again);
        assertEquals("1|2|1", counts());
    }

    @Test
    void aSecondUploadThroughTheSameUrlLeavesTheFirstRecordAlone() throws Exception {
        UUID attachmentId = UUID.randomUUID();
        Attachment first = stored(attachmentId);
        store.recordUpload(UUID.randomUUID(), first, messages.uploadProcessed(first, "user-7f3a9c"), NO_COPY);
        Attachment second = new Attachment(attachmentId, product, "other.pdf", "application/pdf", 99, "b".repeat(64), AttachmentStatus.STORED,
                first.s3Key(), null, AT.plusSeconds(60), AT.plusSeconds(60));

        // Another ETag, so another processing id: only the attachment id recognises it.
        Optional<List<PendingOutboxMessage>> again = store.recordUpload(UUID.randomUUID(), second, messages.uploadProcessed(second, "user-7f3a9c"), NO_COPY);

        assertEquals(Optional.empty(), again);
        assertEquals("guide.pdf|482133", query("SELECT file_name || '|' || size_bytes FROM attachments WHERE id = '" + attachmentId + "'"));
        assertEquals("2", query("SELECT count(*) FROM outbox"), "no event or reply for the second upload");
    }

    @Test
    void aFailedInsertLeavesNeitherTheProcessingMarkNorOutboxRows() throws Exception {
        superuser("""
                CREATE OR REPLACE FUNCTION fail_attachments() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'simulated storage failure'; END $$;
                CREATE TRIGGER fail_attachments BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION fail_attachments();""");
        Attachment stored = stored(UUID.randomUUID());

        assertThrows(DatabaseUnavailableException.class,
                () -> store.recordUpload(UUID.randomUUID(), stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY));

        assertEquals("0|0|0", counts(), "the redelivered notification finds nothing half-written");
    }

    @Test
    void aProductIsLiveUntilDeleted() throws Exception {
        assertTrue(store.productIsLive(product));
        assertFalse(store.productIsLive(UUID.randomUUID()));
        superuser("UPDATE products SET deleted = true WHERE id = '" + product + "'");
        assertFalse(store.productIsLive(product));
    }

    @Test
    void aDeleteMarksTheAttachmentDeletedOnceWithItsEventAndReply() throws Exception {
        Attachment stored = stored(UUID.randomUUID());
        store.recordUpload(UUID.randomUUID(), stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);
        CommandEnvelope delete = deleteCommand(stored.attachmentId());
        Instant deletedAt = AT.plus(1, ChronoUnit.HOURS);

        DeleteResult result = apply(delete, deletedAt);

        assertEquals(DeleteOutcome.DELETED, result.outcome());
        assertEquals(List.of(OutboxTopic.EVENTS, OutboxTopic.REPLIES), result.committed().stream().map(row -> row.message().topic()).toList());
        assertEquals("DELETED|" + deletedAt.toEpochMilli(), query("SELECT status || '|' || (extract(epoch FROM updated_at) * 1000)::bigint"
                + " FROM attachments WHERE id = '" + stored.attachmentId() + "'"));

        DeleteResult redelivered = apply(delete, deletedAt.plusSeconds(5));
        assertEquals(DeleteOutcome.DUPLICATE, redelivered.outcome());
        assertTrue(result.attachmentDeleted() && redelivered.attachmentDeleted(), "the redelivery may remove the object again");
        assertEquals(List.of(), redelivered.committed());
        assertEquals("4", query("SELECT count(*) FROM outbox"), "two rows for the upload, two for the delete, none for the duplicate");
    }

    @Test
    void aDeleteOfNoLiveAttachmentOfTheProductRepliesNotFound() throws Exception {
        Attachment stored = stored(UUID.randomUUID());
        store.recordUpload(UUID.randomUUID(), stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);
        Attachment rejected = new Attachment(UUID.randomUUID(), product, "virus.png", "image/png", 5_000, null, AttachmentStatus.REJECTED,
                null, RejectionReason.CONTENT_MISMATCH, AT, AT);
        store.recordUpload(UUID.randomUUID(), rejected, messages.uploadProcessed(rejected, "user-7f3a9c"), NO_COPY);
        apply(deleteCommand(stored.attachmentId()), AT.plusSeconds(60));

        List<UUID> notLive = List.of(stored.attachmentId(), rejected.attachmentId(), UUID.randomUUID());
        for (UUID attachmentId : notLive) {
            CommandEnvelope delete = deleteCommand(attachmentId);
            DeleteResult result = apply(delete, AT.plusSeconds(120));
            assertEquals(DeleteOutcome.NOT_FOUND, result.outcome(), attachmentId.toString());
            assertFalse(result.attachmentDeleted(), attachmentId.toString());
            // Its redelivery may remove the object only of an attachment recorded DELETED (here by the earlier delete).
            assertEquals(attachmentId.equals(stored.attachmentId()), apply(delete, AT.plusSeconds(121)).attachmentDeleted(),
                    attachmentId.toString());
            assertEquals(1, result.committed().size());
            assertTrue(result.committed().get(0).message().body().contains("\"ATTACHMENT_NOT_FOUND\""), result.committed().get(0).message().body());
        }
        // The right id under another product is not that product's attachment.
        Attachment other = stored(UUID.randomUUID());
        store.recordUpload(UUID.randomUUID(), other, messages.uploadProcessed(other, "user-7f3a9c"), NO_COPY);
        DeleteResult elsewhere = store.applyDelete(UUID.randomUUID(), "attachment.delete", UUID.randomUUID(), other.attachmentId(), AT,
                deleted -> messages.deleted(deleteCommand(other.attachmentId()), deleted),
                messages.deleteFailed(deleteCommand(other.attachmentId()), AT));
        assertEquals(DeleteOutcome.NOT_FOUND, elsewhere.outcome());
        assertEquals("STORED", query("SELECT status FROM attachments WHERE id = '" + other.attachmentId() + "'"));
    }

    @Test
    void theProductsAttachmentsAreListedWithTheirCurrentStatus() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Attachment stored = new Attachment(UUID.randomUUID(), product, "page-" + i + ".pdf", "application/pdf", 1_000 + i, "c".repeat(64),
                    AttachmentStatus.STORED, "attachments/" + product + "/" + i, null, AT.plusSeconds(i), AT.plusSeconds(i));
            store.recordUpload(UUID.randomUUID(), stored, messages.uploadProcessed(stored, "user-7f3a9c"), NO_COPY);
            ids.add(stored.attachmentId());
        }
        Attachment elsewhere = new Attachment(UUID.randomUUID(), UUID.randomUUID(), "x.pdf", "application/pdf", 1, null,
                AttachmentStatus.REJECTED, null, RejectionReason.PRODUCT_NOT_FOUND, AT, AT);
        store.recordUpload(UUID.randomUUID(), elsewhere, messages.uploadProcessed(elsewhere, "user-7f3a9c"), NO_COPY);
        apply(deleteCommand(ids.get(1)), AT.plusSeconds(60));

        // The query a listing of the product runs (attachments_by_product).
        assertEquals("page-0.pdf:STORED,page-1.pdf:DELETED,page-2.pdf:STORED", query("SELECT string_agg(file_name || ':' || status, ','"
                + " ORDER BY created_at) FROM attachments WHERE product_id = '" + product + "'"));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private Attachment stored(UUID attachmentId) {
        return new Attachment(attachmentId, product, "guide.pdf", "application/pdf", 482_133, "a".repeat(64), AttachmentStatus.STORED,
                AttachmentKeys.stored(product, attachmentId), null, AT, AT);
    }

    private CommandEnvelope deleteCommand(UUID attachmentId) {
        var payload = Json.mapper().createObjectNode().put("productId", product.toString()).put("attachmentId", attachmentId.toString());
        return new CommandEnvelope(UUID.randomUUID(), "attachment.delete", 1, AT, new Actor("user-7f3a9c", List.of("editor")),
                "corr-" + attachmentId, payload);
    }

    private DeleteResult apply(CommandEnvelope delete, Instant now) {
        UUID attachmentId = UUID.fromString(delete.payload().get("attachmentId").asText());
        return store.applyDelete(delete.commandId(), delete.type(), product, attachmentId, now,
                deleted -> messages.deleted(delete, deleted), messages.deleteFailed(delete, now));
    }

    /** attachments | outbox | processed_commands rows. */
    private static String counts() throws SQLException {
        return query("SELECT (SELECT count(*) FROM attachments) || '|' || (SELECT count(*) FROM outbox) || '|'"
                + " || (SELECT count(*) FROM processed_commands)");
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource(DATABASE).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource(DATABASE).getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
