package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.UploadInspector.Inspection;
import dev.catalog.testsupport.S3ProxyBucket;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link S3AttachmentObjects} against S3Proxy: streamed reads, server-side copies that go through
 * only while the source is the object that was read (S3Proxy honours
 * {@code x-amz-copy-source-if-match} as S3 does), idempotent deletes, translated failures.
 */
class S3AttachmentObjectsIT {
    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "catalog-test-attachments";

    private static S3ProxyBucket s3Proxy;
    private static S3Client s3;
    private static S3AttachmentObjects objects;

    @BeforeAll
    static void startS3() throws Exception {
        s3Proxy = S3ProxyBucket.start(REGION, BUCKET);
        s3 = s3Proxy.s3();
        objects = new S3AttachmentObjects(s3, BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3Proxy != null) {
            s3Proxy.close();
        }
    }

    @Test
    void opensAnObjectWithItsTypeLengthMetadataAndBytes() throws Exception {
        String key = incomingKey();
        byte[] content = bytes(300_000, "%PDF-1.7\n");
        s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("application/pdf")
                .metadata(Map.of("file-name", "guide.pdf", "uploaded-by", "user-7f3a9c")), RequestBody.fromBytes(content));

        try (StoredObject object = objects.open(key).orElseThrow()) {
            assertEquals("application/pdf", object.contentType());
            assertEquals(content.length, object.contentLength());
            assertEquals(Map.of("file-name", "guide.pdf", "uploaded-by", "user-7f3a9c"), object.metadata(), "without the x-amz-meta- prefix");
            Inspection inspection = UploadInspector.inspect(object.content(), 1_000_000);
            assertEquals(content.length, inspection.sizeBytes());
            assertEquals(sha256(content), inspection.sha256());
        }
    }

    @Test
    void anObjectThatIsGoneOpensAsEmpty() {
        assertEquals(Optional.empty(), objects.open(incomingKey()));
    }

    @Test
    void closingAfterTheFirstBytesAbandonsALargeObjectAndLeavesTheClientUsable() throws Exception {
        String large = incomingKey();
        s3.putObject(request -> request.bucket(BUCKET).key(large).contentType("image/png"), RequestBody.fromBytes(bytes(32 * 1024 * 1024, "MZ")));
        String small = incomingKey();
        byte[] smallContent = bytes(1_000, "%PDF-");
        s3.putObject(request -> request.bucket(BUCKET).key(small).contentType("application/pdf"), RequestBody.fromBytes(smallContent));

        // What the processor does with a file whose first bytes already reject it.
        for (int round = 0; round < 3; round++) {
            try (StoredObject object = objects.open(large).orElseThrow()) {
                byte[] head = new byte[64 * 1024];
                assertEquals(head.length, object.content().readNBytes(head, 0, head.length));
                assertEquals('M', head[0]);
            }
        }

        try (StoredObject object = objects.open(small).orElseThrow(); InputStream in = object.content()) {
            assertArrayEquals(smallContent, in.readAllBytes(), "the next request is served in full");
        }
    }

    @Test
    void copiesServerSideKeepingBytesAndTypeAndLeavingTheSource() throws Exception {
        UUID product = UUID.randomUUID();
        UUID attachment = UUID.randomUUID();
        String incoming = AttachmentKeys.incoming(product, attachment);
        String stored = AttachmentKeys.stored(product, attachment);
        byte[] content = bytes(2_000_000, "\u0089PNG\r\n\u001a\n");
        s3.putObject(request -> request.bucket(BUCKET).key(incoming).contentType("image/png"), RequestBody.fromBytes(content));

        objects.copyIfUnchanged(incoming, readWhole(incoming), stored);

        var copy = s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(stored));
        assertArrayEquals(content, copy.asByteArray());
        assertEquals("image/png", copy.response().contentType());
        assertTrue(exists(incoming), "the processor deletes the incoming object itself, last");
    }

    @Test
    void refusesToCopyAnObjectOverwrittenSinceItWasReadAndReportsItAsChanged() {
        String other = incomingKey();
        String destination = incomingKey().replace("incoming/", "attachments/");
        put(other, "%PDF-1.7 inspected");
        String inspectedETag = readWhole(other);
        // The upload URL used again: same length and type (the URL binds both), other bytes.
        put(other, "MZ\u0090\u0000 not inspected");
        assertNotEquals(inspectedETag, readWhole(other));

        ObjectChangedException refused = assertThrows(ObjectChangedException.class,
                () -> objects.copyIfUnchanged(other, inspectedETag, destination));

        S3Exception cause = assertInstanceOf(S3Exception.class, refused.getCause());
        assertEquals(412, cause.statusCode());
        assertEquals("PreconditionFailed", cause.awsErrorDetails().errorCode());
        assertTrue(objects.open(destination).isEmpty(), "nothing is copied");
    }

    @Test
    void reportsASourceRemovedSinceItWasReadAsChanged() {
        String removed = incomingKey();
        put(removed, "%PDF-1.7 inspected");
        String eTag = readWhole(removed);
        objects.delete(removed);

        assertThrows(ObjectChangedException.class, () -> objects.copyIfUnchanged(removed, eTag, removed.replace("incoming/", "attachments/")));
    }

    @Test
    void deletesAndDeletingAgainSucceeds() throws Exception {
        String key = incomingKey();
        s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("application/pdf"), RequestBody.fromBytes(bytes(10, "%PDF-")));

        objects.delete(key);
        assertFalse(exists(key));
        objects.delete(key);
        assertFalse(exists(key));
    }

    @Test
    void storageFailuresBecomeAttachmentStorageExceptions() {
        S3AttachmentObjects noBucket = new S3AttachmentObjects(s3, "catalog-test-no-such-bucket");

        assertThrows(AttachmentStorageException.class, () -> noBucket.open(incomingKey()));
        AttachmentStorageException copyFailure = assertThrows(AttachmentStorageException.class,
                () -> noBucket.copyIfUnchanged(incomingKey(), "\"d41d8cd98f00b204e9800998ecf8427e\"", incomingKey()));
        assertEquals(404, assertInstanceOf(S3Exception.class, copyFailure.getCause()).statusCode(), "a missing bucket is not a change");
        assertThrows(AttachmentStorageException.class, () -> noBucket.delete(incomingKey()));
    }

    private static void put(String key, String content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("application/pdf").metadata(Map.of("file-name", "a.pdf")),
                RequestBody.fromBytes(content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    /** Reads the object to its end, as the processor's inspection does, and returns the ETag it was read with. */
    private static String readWhole(String key) {
        try (StoredObject object = objects.open(key).orElseThrow()) {
            object.content().readAllBytes();
            return object.eTag();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String incomingKey() {
        return AttachmentKeys.incoming(UUID.randomUUID(), UUID.randomUUID());
    }

    private static byte[] bytes(int length, String prefix) {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        byte[] head = prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, content, 0, head.length);
        return content;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static boolean exists(String key) {
        try {
            s3.headObject(request -> request.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
