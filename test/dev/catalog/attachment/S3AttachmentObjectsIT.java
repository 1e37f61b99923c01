package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.aws.AwsClients;
import dev.catalog.local.aws.LocalClientSettings;
import dev.catalog.local.aws.LocalEndpoints;
import dev.catalog.local.services.EmbeddedS3;
import dev.catalog.local.services.FreePort;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The adapter's conditional copy against S3Proxy, which honours {@code x-amz-copy-source-if-match}
 * as S3 does: the copy goes through only while the source is still the object that was read, and
 * the refusal arrives as the domain's {@link ObjectChangedException}.
 */
class S3AttachmentObjectsIT {
    private static final String BUCKET = "attachment-objects";
    private static final String INCOMING = "incoming/upload";
    private static final String STORED = "attachments/upload";

    private static EmbeddedS3 embeddedS3;
    private static AwsClients clients;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        embeddedS3 = EmbeddedS3.start("eu-west-1", FreePort.find(), LocalClientSettings.ACCESS_KEY, LocalClientSettings.SECRET_KEY,
                created -> { });
        clients = new AwsClients(new LocalClientSettings(new LocalEndpoints("eu-west-1", "000000000000",
                embeddedS3.endpoint(), embeddedS3.endpoint(), embeddedS3.endpoint(), embeddedS3.endpoint())));
        s3 = clients.s3();
        s3.createBucket(request -> request.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        clients.close();
        embeddedS3.close();
    }

    @Test
    void copiesTheObjectThatWasReadWhileItIsUnchanged() {
        S3AttachmentObjects objects = new S3AttachmentObjects(s3, BUCKET);
        put(INCOMING, "%PDF-1.7 inspected");
        String eTag = readWhole(objects, INCOMING);

        objects.copyIfUnchanged(INCOMING, eTag, STORED);

        assertEquals("%PDF-1.7 inspected", content(objects, STORED));
    }

    @Test
    void refusesToCopyAnObjectOverwrittenSinceItWasReadAndReportsItAsChanged() {
        S3AttachmentObjects objects = new S3AttachmentObjects(s3, BUCKET);
        String other = "incoming/overwritten";
        String destination = "attachments/overwritten";
        put(other, "%PDF-1.7 inspected");
        String inspectedETag = readWhole(objects, other);
        // The upload URL used again: same length and type (the URL binds both), other bytes.
        put(other, "MZ\u0090\u0000 not inspected");
        assertNotEquals(inspectedETag, readWhole(objects, other));

        ObjectChangedException refused = assertThrows(ObjectChangedException.class,
                () -> objects.copyIfUnchanged(other, inspectedETag, destination));

        S3Exception cause = assertInstanceOf(S3Exception.class, refused.getCause());
        assertEquals(412, cause.statusCode());
        assertEquals("PreconditionFailed", cause.awsErrorDetails().errorCode());
        assertTrue(objects.open(destination).isEmpty(), "nothing is copied");
    }

    @Test
    void reportsASourceRemovedSinceItWasReadAsChanged() {
        S3AttachmentObjects objects = new S3AttachmentObjects(s3, BUCKET);
        String removed = "incoming/removed";
        put(removed, "%PDF-1.7 inspected");
        String eTag = readWhole(objects, removed);
        objects.delete(removed);

        assertThrows(ObjectChangedException.class, () -> objects.copyIfUnchanged(removed, eTag, "attachments/removed"));
    }

    @Test
    void reportsAMissingBucketAsAStorageFailureNotAsAChange() {
        S3AttachmentObjects objects = new S3AttachmentObjects(s3, "no-such-bucket");

        AttachmentStorageException failure = assertThrows(AttachmentStorageException.class,
                () -> objects.copyIfUnchanged(INCOMING, "\"d41d8cd98f00b204e9800998ecf8427e\"", STORED));
        assertEquals(404, assertInstanceOf(S3Exception.class, failure.getCause()).statusCode());
    }

    private static void put(String key, String content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("application/pdf").metadata(Map.of("file-name", "a.pdf")),
                RequestBody.fromBytes(content.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Reads the object to its end, as the processor's inspection does, and returns the ETag it was read with. */
    private static String readWhole(AttachmentObjects objects, String key) {
        try (StoredObject object = objects.open(key).orElseThrow()) {
            object.content().readAllBytes();
            return object.eTag();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String content(AttachmentObjects objects, String key) {
        try (StoredObject object = objects.open(key).orElseThrow()) {
            return new String(object.content().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
