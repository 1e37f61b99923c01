package dev.catalog.attachment;

import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.attachment.AttachmentKeys.AttachmentRef;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import dev.catalog.outbox.Outbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.queue.S3ObjectCreated;
import dev.catalog.testsupport.RecordingLogger;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The upload processor when the upload URL is used again while the first upload is processed (the
 * URL stays valid for minutes, and S3 notifications may arrive twice and out of order): whatever
 * happens, an attachment recorded STORED has the SHA-256 of the bytes under its key, and those bytes
 * passed inspection. The bucket and the store are in-memory fakes of the ports; the S3 adapter's
 * conditional copy is proven against S3Proxy in {@code S3AttachmentObjectsIT}, the store's lock
 * against PostgreSQL in {@code JdbcAttachmentStoreIT}.
 */
class UploadProcessorHandlerTest {
    private static final String SAMPLE = "events/sqs-upload-notification.json";
    /** The bytes of the upload the sample notification announces (its eTag is their MD5). */
    private static final byte[] FIRST_UPLOAD = "%PDF-1.7\n%first upload through the URL\n".getBytes(StandardCharsets.US_ASCII);
    /** Another PDF of the same length: the URL binds type and length, not content. */
    private static final byte[] SECOND_PDF = "%PDF-1.7\n%again, other bytes, same URL\n".getBytes(StandardCharsets.US_ASCII);
    /** An executable claiming to be the PDF the URL was issued for. */
    private static final byte[] EXECUTABLE = "MZ\u0090\u0000 a renamed program posing as a PDF\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:20:12Z"), ZoneOffset.UTC);

    private final InMemoryBucket bucket = new InMemoryBucket();
    private final InMemoryStore store = new InMemoryStore();
    private final RecordingLogger logs = new RecordingLogger();
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final S3ObjectCreated announced = S3ObjectCreated.in(Json.mapper(), sample().getRecords().get(0).getBody()).get(0);
    private final AttachmentRef ids = AttachmentKeys.parseIncoming(announced.key()).orElseThrow();
    private final String storedKey = AttachmentKeys.stored(ids.productId(), ids.attachmentId());

    UploadProcessorHandlerTest() {
        store.liveProducts.add(ids.productId());
    }

    @Test
    void sampleNotificationAnnouncesTheFirstUploadUnderAnIncomingKey() {
        assertEquals(List.of(SECOND_PDF.length, EXECUTABLE.length), List.of(FIRST_UPLOAD.length, FIRST_UPLOAD.length));
        assertEquals(bucket.eTagOf(FIRST_UPLOAD), "\"" + announced.eTag() + "\"");
    }

    @Test
    void storesNothingWhenTheObjectChangesAfterInspectionThenStoresTheNewBytesWithTheirChecksumOnRetry() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.afterNextRead(announced.key(), () -> bucket.put(announced.key(), SECOND_PDF));

        SQSBatchResponse first = process();

        assertEquals(List.of("e1b7c3a0-0001-4a2b-9c3d-4e5f6a7b8c01"), failedIds(first), "the message is retried");
        assertTrue(store.recorded.isEmpty(), "nothing recorded for the bytes that were replaced");
        assertTrue(bucket.bytes(storedKey).isEmpty(), "nothing stored");
        assertArrayEquals(SECOND_PDF, bucket.bytes(announced.key()).orElseThrow(), "the new upload waits for the retry");
        assertTrue(logs.all().contains("incoming object changed while it was processed"), logs.all());
        assertFalse(logs.all().contains("first upload"), "no content in logs");

        SQSBatchResponse retry = process();

        assertEquals(List.of(), failedIds(retry));
        Attachment recorded = store.recorded.get(ids.attachmentId());
        assertEquals(AttachmentStatus.STORED, recorded.status());
        assertEquals(sha256(SECOND_PDF), recorded.sha256());
        assertArrayEquals(SECOND_PDF, bucket.bytes(storedKey).orElseThrow());
        assertStoredBytesHaveTheRecordedChecksum();
        assertTrue(bucket.bytes(announced.key()).isEmpty(), "incoming object removed");
    }

    @Test
    void neverStoresBytesSwappedInAfterInspectionAndRejectsThemOnRetry() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.afterNextRead(announced.key(), () -> bucket.put(announced.key(), EXECUTABLE));

        assertEquals(1, failedIds(process()).size());
        assertEquals(List.of(), failedIds(process()));

        Attachment recorded = store.recorded.get(ids.attachmentId());
        assertEquals(AttachmentStatus.REJECTED, recorded.status());
        assertEquals(RejectionReason.CONTENT_MISMATCH, recorded.rejectionReason());
        assertEquals(sha256(EXECUTABLE), recorded.sha256());
        assertTrue(bucket.bytes(storedKey).isEmpty(), "neither the first upload nor the executable is stored");
    }

    @Test
    void aStaleNotificationStoresTheBytesThereNowWithTheirChecksum() {
        // Both uploads happened before the first notification is handled: it names the first upload's ETag.
        bucket.put(announced.key(), SECOND_PDF);

        assertEquals(List.of(), failedIds(process()));

        assertEquals(sha256(SECOND_PDF), store.recorded.get(ids.attachmentId()).sha256());
        assertArrayEquals(SECOND_PDF, bucket.bytes(storedKey).orElseThrow());
        assertStoredBytesHaveTheRecordedChecksum();
    }

    @Test
    void keepsTheBytesOfTheUploadAnotherProcessorRecordedWhileThisOneInspected() {
        // A duplicate notification's processor inspects the second upload while another processor
        // (handling the first upload's notification) copies and records the first one.
        bucket.put(announced.key(), SECOND_PDF);
        bucket.afterNextRead(announced.key(), () -> {
            bucket.put(storedKey, FIRST_UPLOAD);
            store.recorded.put(ids.attachmentId(), new Attachment(ids.attachmentId(), ids.productId(), "manual.pdf", "application/pdf",
                    FIRST_UPLOAD.length, sha256(FIRST_UPLOAD), AttachmentStatus.STORED, storedKey, null, CLOCK.instant(), CLOCK.instant()));
        });

        assertEquals(List.of(), failedIds(process()));

        assertArrayEquals(FIRST_UPLOAD, bucket.bytes(storedKey).orElseThrow(), "the recorded upload's bytes are not overwritten");
        assertStoredBytesHaveTheRecordedChecksum();
        assertTrue(bucket.bytes(announced.key()).isEmpty(), "the late upload is discarded");
    }

    @Test
    void countsAStoredUploadAndItsBytesOnceEvenWhenNotifiedTwice() {
        bucket.put(announced.key(), FIRST_UPLOAD);

        assertEquals(List.of(), failedIds(process()));
        assertEquals(List.of(), failedIds(process()), "the duplicate notification");

        assertEquals(1, metrics.total(Metric.ATTACHMENTS_STORED, null));
        assertEquals(List.of((double) FIRST_UPLOAD.length), metrics.values(Metric.ATTACHMENT_BYTES));
        assertEquals(0, metrics.total(Metric.ATTACHMENTS_REJECTED, null));
    }

    @Test
    void countsARejectedUploadWithoutBytesStored() {
        bucket.put(announced.key(), EXECUTABLE);

        assertEquals(List.of(), failedIds(process()));

        assertEquals(1, metrics.total(Metric.ATTACHMENTS_REJECTED, null));
        assertEquals(0, metrics.total(Metric.ATTACHMENTS_STORED, null));
        assertEquals(List.of(), metrics.values(Metric.ATTACHMENT_BYTES));
    }

    @Test
    void storesAnAllowedUploadUnderItsAttachmentKeyWithItsSizeChecksumAndName() {
        bucket.put(announced.key(), FIRST_UPLOAD);

        assertEquals(List.of(), failedIds(process()));

        Attachment stored = store.recorded.get(ids.attachmentId());
        assertEquals(AttachmentStatus.STORED, stored.status());
        assertEquals(storedKey, stored.s3Key());
        assertEquals(FIRST_UPLOAD.length, stored.sizeBytes());
        assertEquals(sha256(FIRST_UPLOAD), stored.sha256());
        assertEquals("manual.pdf", stored.fileName());
        assertEquals("application/pdf", stored.contentType());
        assertEquals(null, stored.rejectionReason());
        assertEquals(CLOCK.instant(), stored.createdAt());
        assertArrayEquals(FIRST_UPLOAD, bucket.bytes(storedKey).orElseThrow());
        assertEquals(Optional.empty(), bucket.bytes(announced.key()), "the incoming object is removed");
    }

    @Test
    void rejectsATypeTheRulesDoNotAllowWithoutKeepingIt() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.declaredTypes.put(announced.key(), "application/x-msdownload");

        Attachment rejected = processedOnce();

        assertEquals(RejectionReason.TYPE_NOT_ALLOWED, rejected.rejectionReason());
        assertEquals("application/x-msdownload", rejected.contentType());
        assertEquals(null, rejected.sha256(), "never read");
    }

    @Test
    void anUploadWithoutAReadableContentTypeIsRejectedAsOctetStream() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.declaredTypes.put(announced.key(), "not a media type");

        Attachment rejected = processedOnce();

        assertEquals(RejectionReason.TYPE_NOT_ALLOWED, rejected.rejectionReason());
        assertEquals("application/octet-stream", rejected.contentType());
    }

    @Test
    void rejectsADeclaredLengthOverTheLimitBeforeReadingAByte() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.declaredLengths.put(announced.key(), 1025L);

        Attachment rejected = processedOnce();

        assertEquals(RejectionReason.TOO_LARGE, rejected.rejectionReason());
        assertEquals(1025, rejected.sizeBytes());
        assertEquals(null, rejected.sha256());
    }

    @Test
    void anUploadOfExactlyTheLimitIsStored() {
        byte[] limit = new byte[1024];
        System.arraycopy(FIRST_UPLOAD, 0, limit, 0, FIRST_UPLOAD.length);
        bucket.put(announced.key(), limit);

        assertEquals(AttachmentStatus.STORED, processedOnce().status());
    }

    @Test
    void rejectsMoreBytesThanTheLimitEvenWhenTheDeclaredLengthFits() {
        byte[] oversized = new byte[1025];
        System.arraycopy(FIRST_UPLOAD, 0, oversized, 0, FIRST_UPLOAD.length);
        bucket.put(announced.key(), oversized);
        bucket.declaredLengths.put(announced.key(), 100L);

        Attachment rejected = processedOnce();

        assertEquals(RejectionReason.TOO_LARGE, rejected.rejectionReason());
        assertEquals(100, rejected.sizeBytes(), "the declared length: the bytes were not all read");
    }

    @Test
    void rejectsAnUploadForAProductThatIsGone() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        store.liveProducts.clear();

        assertEquals(RejectionReason.PRODUCT_NOT_FOUND, processedOnce().rejectionReason());
    }

    @Test
    void rejectsBytesThatAreNotTheDeclaredTypeWithTheirChecksum() {
        bucket.put(announced.key(), EXECUTABLE);

        Attachment rejected = processedOnce();

        assertEquals(RejectionReason.CONTENT_MISMATCH, rejected.rejectionReason());
        assertEquals(sha256(EXECUTABLE), rejected.sha256());
        assertEquals(EXECUTABLE.length, rejected.sizeBytes());
    }

    @Test
    void anUploadWithoutAFileNameIsNamedByTheFallback() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        bucket.metadata.put(announced.key(), Map.of());

        assertEquals(FileNames.FALLBACK, processedOnce().fileName());
    }

    @Test
    void aNotificationForAnUploadAlreadyRecordedOnlyRemovesTheIncomingObject() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        process();
        bucket.put(announced.key(), SECOND_PDF);

        assertEquals(List.of(), failedIds(process()));

        assertEquals(Optional.empty(), bucket.bytes(announced.key()));
        assertArrayEquals(FIRST_UPLOAD, bucket.bytes(storedKey).orElseThrow(), "the recorded bytes stay");
        assertEquals(1, metrics.total(Metric.ATTACHMENTS_STORED, null));
    }

    @Test
    void aNotificationForAnObjectAlreadyGoneRecordsNothing() {
        assertEquals(List.of(), failedIds(process()));

        assertEquals(Map.of(), store.recorded);
        assertEquals(0, metrics.total(Metric.ATTACHMENTS_REJECTED, null));
    }

    @Test
    void aStoreThatCannotBeReachedFailsTheMessageAndKeepsTheIncomingObject() {
        bucket.put(announced.key(), FIRST_UPLOAD);
        store.unreachable = true;

        assertEquals(List.of(sample().getRecords().get(0).getMessageId()), failedIds(process()));

        assertArrayEquals(FIRST_UPLOAD, bucket.bytes(announced.key()).orElseThrow(), "kept for the retry");
        assertEquals(Optional.empty(), bucket.bytes(storedKey));
    }

    /** Processes the sample once and answers the one attachment recorded, REJECTED and counted as such when rejected. */
    private Attachment processedOnce() {
        assertEquals(List.of(), failedIds(process()));
        Attachment attachment = store.recorded.get(ids.attachmentId());
        assertEquals(ids.productId(), attachment.productId());
        assertEquals(Optional.empty(), bucket.bytes(announced.key()), "the incoming object is removed");
        if (attachment.status() == AttachmentStatus.REJECTED) {
            assertEquals(null, attachment.s3Key());
            assertEquals(Optional.empty(), bucket.bytes(storedKey), "nothing kept");
            assertEquals(1, metrics.total(Metric.ATTACHMENTS_REJECTED, null));
            assertEquals(0, metrics.total(Metric.ATTACHMENTS_STORED, null));
        }
        return attachment;
    }

    private SQSBatchResponse process() {
        UploadProcessorHandler handler = new UploadProcessorHandler(new AttachmentRules(Set.of("application/pdf"), 1024), bucket, store,
                new OutboxAfterCommit(new NoOutboxRows(), new OutboxRelay((topic, rows) -> Set.of())), CLOCK, metrics);
        return handler.handleRequest(sample(), new LocalContext(UUID.randomUUID().toString(), "uploadProcessor", 1024,
                CLOCK.instant().plusSeconds(60), CLOCK, logs));
    }

    private void assertStoredBytesHaveTheRecordedChecksum() {
        for (Attachment attachment : store.recorded.values()) {
            if (attachment.status() == AttachmentStatus.STORED) {
                assertEquals(attachment.sha256(), sha256(bucket.bytes(attachment.s3Key()).orElseThrow()), attachment.s3Key());
            }
        }
    }

    private static SQSEvent sample() {
        return EventLoader.loadSQSEvent(SAMPLE);
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256", bytes));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The documents bucket as the processor sees it through the port: S3's ETag (the MD5 of a
     * single-part upload) and its conditional copy. {@link #afterNextRead} plays the upload URL used
     * again between the processor's read and its copy.
     */
    private static final class InMemoryBucket implements AttachmentObjects {
        private final Map<String, byte[]> objects = new HashMap<>();
        private final Map<String, Runnable> afterRead = new HashMap<>();
        /** What S3 would answer for the object's Content-Type, length and metadata, where a test sets it. */
        private final Map<String, String> declaredTypes = new HashMap<>();
        private final Map<String, Long> declaredLengths = new HashMap<>();
        private final Map<String, Map<String, String>> metadata = new HashMap<>();

        void put(String key, byte[] bytes) {
            objects.put(key, bytes.clone());
        }

        Optional<byte[]> bytes(String key) {
            return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
        }

        void afterNextRead(String key, Runnable change) {
            afterRead.put(key, change);
        }

        String eTagOf(byte[] bytes) {
            return "\"" + HexFormat.of().formatHex(digest("MD5", bytes)) + "\"";
        }

        @Override
        public Optional<StoredObject> open(String key) {
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                return Optional.empty();
            }
            InputStream content = new ByteArrayInputStream(bytes);
            return Optional.of(new StoredObject() {
                @Override
                public String eTag() {
                    return eTagOf(bytes);
                }

                @Override
                public String contentType() {
                    return declaredTypes.getOrDefault(key, "application/pdf");
                }

                @Override
                public long contentLength() {
                    return declaredLengths.getOrDefault(key, (long) bytes.length);
                }

                @Override
                public Map<String, String> metadata() {
                    return metadata.getOrDefault(key,
                            Map.of(UploadUrls.FILE_NAME_METADATA, "manual.pdf", UploadUrls.UPLOADED_BY_METADATA, "user-7f3c"));
                }

                @Override
                public InputStream content() {
                    return content;
                }

                @Override
                public void close() {
                    Runnable change = afterRead.remove(key);
                    if (change != null) {
                        change.run();
                    }
                }
            });
        }

        @Override
        public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
            byte[] source = objects.get(fromKey);
            if (source == null || !eTagOf(source).equals(eTag)) {
                throw new ObjectChangedException("precondition failed", null);
            }
            objects.put(toKey, source);
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }
    }

    /** Aurora as the port promises it: one recording at a time, nothing kept when the work before it throws. */
    private static final class InMemoryStore implements AttachmentStore {
        private final Set<UUID> liveProducts = new HashSet<>();
        private final Set<UUID> processed = new HashSet<>();
        private final Map<UUID, Attachment> recorded = new HashMap<>();
        private boolean unreachable;

        @Override
        public boolean exists(UUID attachmentId) {
            if (unreachable) {
                throw new IllegalStateException("connection refused");
            }
            return recorded.containsKey(attachmentId);
        }

        @Override
        public boolean productIsLive(UUID productId) {
            return liveProducts.contains(productId);
        }

        @Override
        public synchronized Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment,
                List<OutboxMessage> messages, Runnable beforeRecording) {
            if (processed.contains(processingId) || recorded.containsKey(attachment.attachmentId())) {
                return Optional.empty();
            }
            beforeRecording.run();
            processed.add(processingId);
            recorded.put(attachment.attachmentId(), attachment);
            return Optional.of(List.of());
        }

        @Override
        public DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, Instant now,
                Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound) {
            throw new UnsupportedOperationException("no attachment is deleted here");
        }
    }

    /** The store commits no outbox rows, so the relay never needs the outbox. */
    private static final class NoOutboxRows implements OutboxTransactions {
        @Override
        public <T> T inTransaction(Function<Outbox, T> work) {
            return work.apply(null);
        }
    }
}
