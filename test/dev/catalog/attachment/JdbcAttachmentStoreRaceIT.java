package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.config.CatalogSettings.DatabaseSettings;
import dev.catalog.db.Database;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.services.EmbeddedPostgres;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.PendingOutboxMessage;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the store records uploads on real PostgreSQL, connected as the least-privilege
 * {@code catalog_app} role: the work before recording (the processor's copy) runs only for the
 * first upload of an attachment, one recording of an attachment at a time, and a failure in it
 * leaves nothing behind. Each {@link Database} is one function container's connection.
 */
class JdbcAttachmentStoreRaceIT {
    private static final UUID PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final String FIRST_SHA256 = "1".repeat(64);
    private static final String SECOND_SHA256 = "2".repeat(64);
    private static final Instant AT = Instant.parse("2026-11-21T09:20:12Z");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"));
        dev.catalog.testsupport.Schema.createMigrated(postgres, "postgres");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = postgres.dataSource("postgres").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE attachments, processed_commands, outbox");
        }
    }

    @Test
    void aSecondRecordingOfTheSameAttachmentWaitsForTheFirstAndThenRunsNoCopy() throws Exception {
        UUID attachmentId = UUID.randomUUID();
        CountDownLatch firstCopying = new CountDownLatch(1);
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        AtomicInteger secondCopies = new AtomicInteger();
        ExecutorService containers = Executors.newFixedThreadPool(2);
        try (Database first = database(); Database second = database()) {
            Future<Optional<List<PendingOutboxMessage>>> firstRecording = containers.submit(() -> storeOn(first).recordUpload(
                    UUID.randomUUID(), stored(attachmentId, FIRST_SHA256), messagesOf(attachmentId, FIRST_SHA256), () -> {
                        firstCopying.countDown();
                        awaitUninterruptibly(firstMayFinish);
                    }));
            while (!firstCopying.await(50, TimeUnit.MILLISECONDS)) {
                if (firstRecording.isDone()) {
                    firstRecording.get(); // surfaces why it never reached its copy
                }
            }
            Future<Optional<List<PendingOutboxMessage>>> secondRecording = containers.submit(() -> storeOn(second).recordUpload(
                    UUID.randomUUID(), stored(attachmentId, SECOND_SHA256), messagesOf(attachmentId, SECOND_SHA256),
                    secondCopies::incrementAndGet));
            // Until the second either queues on the attachment's lock or gets past where it should.
            while (advisoryLockWaiters() == 0 && secondCopies.get() == 0 && !secondRecording.isDone()) {
                Thread.sleep(20);
            }

            assertEquals(0, secondCopies.get(), "no copy while the first recording is open");
            assertFalse(secondRecording.isDone());
            assertEquals(1, advisoryLockWaiters());

            firstMayFinish.countDown();

            assertEquals(2, firstRecording.get().orElseThrow().size(), "event and reply");
            assertEquals(Optional.empty(), secondRecording.get());
            assertEquals(0, secondCopies.get(), "the second upload is never copied once the first is recorded");
            assertEquals(FIRST_SHA256 + "|STORED", query("SELECT sha256 || '|' || status FROM attachments WHERE id = '" + attachmentId + "'"));
            assertEquals("1|2", counts());
        } finally {
            firstMayFinish.countDown();
            containers.shutdownNow();
        }
    }

    @Test
    void aCopyThatFailsRecordsNothingSoTheRetryRecordsTheBytesItCopies() throws Exception {
        UUID attachmentId = UUID.randomUUID();
        UUID processingId = UUID.randomUUID();
        try (Database database = database()) {
            JdbcAttachmentStore store = storeOn(database);

            assertThrows(ObjectChangedException.class, () -> store.recordUpload(processingId, stored(attachmentId, FIRST_SHA256),
                    messagesOf(attachmentId, FIRST_SHA256), () -> {
                        throw new ObjectChangedException("the incoming object was replaced", null);
                    }));

            assertEquals("0|0", counts());
            assertEquals("0", query("SELECT count(*) FROM processed_commands"));
            assertFalse(store.exists(attachmentId));

            AtomicInteger copies = new AtomicInteger();
            Optional<List<PendingOutboxMessage>> retried = store.recordUpload(processingId, stored(attachmentId, SECOND_SHA256),
                    messagesOf(attachmentId, SECOND_SHA256), copies::incrementAndGet);

            assertTrue(retried.isPresent());
            assertEquals(1, copies.get());
            assertEquals(SECOND_SHA256, query("SELECT sha256 FROM attachments WHERE id = '" + attachmentId + "'"));
        }
    }

    @Test
    void onceAnAttachmentIsRecordedNoLaterUploadOrDuplicateRunsItsCopy() throws Exception {
        UUID attachmentId = UUID.randomUUID();
        UUID processingId = UUID.randomUUID();
        AtomicInteger copies = new AtomicInteger();
        try (Database database = database()) {
            JdbcAttachmentStore store = storeOn(database);
            store.recordUpload(processingId, stored(attachmentId, FIRST_SHA256), messagesOf(attachmentId, FIRST_SHA256), copies::incrementAndGet);

            Optional<List<PendingOutboxMessage>> duplicate = store.recordUpload(processingId, stored(attachmentId, FIRST_SHA256),
                    messagesOf(attachmentId, FIRST_SHA256), copies::incrementAndGet);
            Optional<List<PendingOutboxMessage>> laterUpload = store.recordUpload(UUID.randomUUID(), stored(attachmentId, SECOND_SHA256),
                    messagesOf(attachmentId, SECOND_SHA256), copies::incrementAndGet);

            assertEquals(Optional.empty(), duplicate);
            assertEquals(Optional.empty(), laterUpload);
            assertEquals(1, copies.get());
            assertEquals(FIRST_SHA256, query("SELECT sha256 FROM attachments WHERE id = '" + attachmentId + "'"));
            assertEquals("1|2", counts());
        }
    }

    private static Database database() {
        URI jdbc = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
        URI unused = URI.create("http://127.0.0.1:1");
        return new Database(new DatabaseSettings(jdbc.getHost(), jdbc.getPort(), "postgres", "catalog_app",
                        java.util.Optional.of(postgres.certificate().certificate().toString())),
                new LocalClientSettings(new LocalEndpoints("eu-west-1", "000000000000", unused, unused, unused, unused)));
    }

    private static JdbcAttachmentStore storeOn(Database database) {
        return new JdbcAttachmentStore(new JdbcTransactions(database), Json.mapper());
    }

    private static Attachment stored(UUID attachmentId, String sha256) {
        return new Attachment(attachmentId, PRODUCT, "manual.pdf", "application/pdf", 39, sha256, AttachmentStatus.STORED,
                AttachmentKeys.stored(PRODUCT, attachmentId), null, AT, AT);
    }

    private static List<OutboxMessage> messagesOf(UUID attachmentId, String sha256) {
        return new AttachmentMessages(Json.mapper()).uploadProcessed(stored(attachmentId, sha256), "user-7f3c");
    }

    /** Sessions of this database queued behind an advisory lock someone else holds. */
    private static int advisoryLockWaiters() throws SQLException {
        return Integer.parseInt(query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"));
    }

    /** attachments | outbox rows. */
    private static String counts() throws SQLException {
        return query("SELECT (SELECT count(*) FROM attachments) || '|' || (SELECT count(*) FROM outbox)");
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource("postgres").getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
