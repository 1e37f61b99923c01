package dev.catalog.local.aws.s3;

import dev.catalog.local.services.FreePort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.S3AttachmentObjects;
import dev.catalog.aws.AwsClients;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * S3Proxy on jclouds' filesystem store, as the uploads benchmark runs it: objects are files, and
 * what the upload processor relies on (content type, user metadata, server-side copy, delete,
 * creation reports) behaves as on the in-memory store.
 */
class EmbeddedS3OnDiskIT {
    private static final String BUCKET = "on-disk";

    @TempDir
    Path directory;

    @Test
    void keepsObjectsAsFilesWithTypeAndMetadataAndCopiesThemServerSide() throws Exception {
        byte[] content = new byte[300 * 1024];
        new Random(5).nextBytes(content);
        List<CreatedObject> created = new CopyOnWriteArrayList<>();
        try (EmbeddedS3 s3 = EmbeddedS3.startOnDisk(directory, "eu-west-1", FreePort.find(), LocalClientSettings.ACCESS_KEY,
                LocalClientSettings.SECRET_KEY, created::add);
                AwsClients clients = new AwsClients(new LocalClientSettings(new LocalEndpoints("eu-west-1", "000000000000",
                        s3.endpoint(), s3.endpoint(), s3.endpoint(), s3.endpoint())))) {
            clients.s3().createBucket(request -> request.bucket(BUCKET));
            clients.s3().putObject(request -> request.bucket(BUCKET).key("incoming/upload").contentType("application/pdf")
                    .metadata(Map.of("file-name", "manual.pdf")), RequestBody.fromBytes(content));
            S3AttachmentObjects objects = new S3AttachmentObjects(clients.s3(), BUCKET);

            String eTag = clients.s3().headObject(request -> request.bucket(BUCKET).key("incoming/upload")).eTag();
            objects.copyIfUnchanged("incoming/upload", eTag, "attachments/upload");
            objects.delete("incoming/upload");

            try (StoredObject copy = objects.open("attachments/upload").orElseThrow()) {
                assertEquals("application/pdf", copy.contentType());
                assertEquals(Map.of("file-name", "manual.pdf"), copy.metadata());
                assertEquals(content.length, copy.contentLength());
                assertArrayEquals(content, copy.content().readAllBytes());
            }
            assertTrue(objects.open("incoming/upload").isEmpty());
            assertEquals(List.of((long) content.length), fileSizesUnder(directory.resolve(BUCKET)));
            assertEquals(List.of("ObjectCreated:Put incoming/upload", "ObjectCreated:Copy attachments/upload"),
                    created.stream().map(object -> object.eventName() + " " + object.key()).toList());
        }
    }

    private static List<Long> fileSizesUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
