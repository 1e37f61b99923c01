package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.attachment.UploadUrls.PresignedUpload;
import dev.catalog.aws.AwsClients;
import dev.catalog.testsupport.S3ProxyBucket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Presigned URLs against S3Proxy, which checks SigV4 signatures and expiry as S3 does: a PUT is
 * bound to its key, content type, length and metadata; a GET to its key; both to their validity,
 * which starts at the injected clock's time.
 */
class S3UploadUrlsIT {
    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "catalog-test-documents";
    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static S3ProxyBucket s3Proxy;
    private static AwsClients clients;
    private static S3Client s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3Proxy = S3ProxyBucket.start(REGION, BUCKET);
        clients = s3Proxy.clients();
        s3 = clients.s3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3Proxy != null) {
            s3Proxy.close();
        }
    }

    @Test
    void aPutWithTheSignedHeadersStoresTheBytesWithTheirTypeAndMetadata() throws Exception {
        String key = newKey();
        byte[] pdf = "%PDF-1.7\nassembly guide".getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.now();

        PresignedUpload upload = urls(Clock.fixed(now, ZoneOffset.UTC)).presignPut(key, "application/pdf", pdf.length,
                Map.of(UploadUrls.FILE_NAME_METADATA, "guide.pdf", UploadUrls.UPLOADED_BY_METADATA, "user-7f3a9c"), FIFTEEN_MINUTES);

        assertEquals(now.plus(FIFTEEN_MINUTES), upload.expiresAt());
        assertEquals(Set.of("content-type", "content-length", "x-amz-meta-file-name", "x-amz-meta-uploaded-by"),
                Set.copyOf(upload.headers().keySet()), "every header the client must send, and only those");
        assertEquals(200, put(upload.url(), upload.headers(), pdf).statusCode());
        HeadObjectResponse stored = s3.headObject(request -> request.bucket(BUCKET).key(key));
        assertEquals("application/pdf", stored.contentType());
        assertEquals(pdf.length, stored.contentLength());
        assertEquals(Map.of("file-name", "guide.pdf", "uploaded-by", "user-7f3a9c"), stored.metadata());
    }

    @Test
    void aPutWithAnotherContentTypeIsRefused() throws Exception {
        String key = newKey();
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        PresignedUpload upload = urls(Clock.systemUTC()).presignPut(key, "application/pdf", pdf.length, Map.of(), FIFTEEN_MINUTES);

        assertEquals(403, put(upload.url(), with(upload.headers(), "content-type", "image/png"), pdf).statusCode());
        assertFalse(exists(key));
    }

    @Test
    void aPutOfAnotherLengthIsRefused() throws Exception {
        String key = newKey();
        PresignedUpload upload = urls(Clock.systemUTC()).presignPut(key, "application/pdf", 10, Map.of(), FIFTEEN_MINUTES);

        assertEquals(403, put(upload.url(), upload.headers(), "%PDF-1.7 and more than ten bytes".getBytes(StandardCharsets.US_ASCII))
                .statusCode(), "longer");
        assertEquals(403, put(upload.url(), upload.headers(), "%PDF".getBytes(StandardCharsets.US_ASCII)).statusCode(), "shorter");
        assertFalse(exists(key));
    }

    @Test
    void aTamperedUrlOrMetadataIsRefused() throws Exception {
        String key = newKey();
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        PresignedUpload upload = urls(Clock.systemUTC()).presignPut(key, "application/pdf", pdf.length,
                Map.of(UploadUrls.FILE_NAME_METADATA, "guide.pdf"), FIFTEEN_MINUTES);
        String url = upload.url().toString();
        String otherKey = newKey();

        assertEquals(403, put(URI.create(url.replace(key, otherKey)), upload.headers(), pdf).statusCode(), "another key");
        assertEquals(403, put(URI.create(url.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=604800")), upload.headers(), pdf)
                .statusCode(), "a longer validity");
        assertEquals(403, put(URI.create(url.replaceFirst("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + "0".repeat(64))),
                upload.headers(), pdf).statusCode(), "a forged signature");
        assertEquals(403, put(upload.url(), with(upload.headers(), "x-amz-meta-file-name", "evil.exe"), pdf).statusCode(),
                "another file name");
        assertFalse(exists(key));
        assertFalse(exists(otherKey));
        assertEquals(200, put(upload.url(), upload.headers(), pdf).statusCode(), "the URL itself still works");
    }

    @Test
    void aUrlWhoseValidityEndedIsRefusedAsExpired() throws Exception {
        String key = newKey();
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        Clock twentyMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));

        PresignedUpload expired = urls(twentyMinutesAgo).presignPut(key, "application/pdf", pdf.length, Map.of(), FIFTEEN_MINUTES);
        HttpResponse<String> refused = put(expired.url(), expired.headers(), pdf);

        assertTrue(expired.expiresAt().isBefore(Instant.now()));
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("expired"), refused.body());
        assertFalse(exists(key));
        // Signed at the same past time but still valid: the clock's time, not the signature, decided.
        PresignedUpload stillValid = urls(twentyMinutesAgo).presignPut(key, "application/pdf", pdf.length, Map.of(), Duration.ofMinutes(30));
        assertEquals(200, put(stillValid.url(), stillValid.headers(), pdf).statusCode());
    }

    @Test
    void aDownloadUrlServesItsObjectOnlyAndOnlyWhileValid() throws Exception {
        String key = newKey();
        byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("image/png"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(png));
        String otherKey = newKey();
        s3.putObject(request -> request.bucket(BUCKET).key(otherKey).contentType("application/pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)));

        URI download = urls(Clock.systemUTC()).presignGet(key, Duration.ofMinutes(5));
        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(download).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, served.statusCode());
        assertArrayEquals(png, served.body());
        assertEquals(403, get(URI.create(download.toString().replace(key, otherKey))), "another key");
        URI expired = urls(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))).presignGet(key, Duration.ofMinutes(5));
        assertEquals(403, get(expired), "expired");
    }

    private static S3UploadUrls urls(Clock clock) {
        return new S3UploadUrls(clients.s3Presigner(), clients.settings().credentials(), clients.settings().region(), BUCKET, clock);
    }

    private static String newKey() {
        return AttachmentKeys.incoming(UUID.randomUUID(), UUID.randomUUID());
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }

    private static HttpResponse<String> put(URI url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20));
        // content-length is the body's own: the HTTP client sets it, as a browser would.
        headers.forEach((name, value) -> {
            if (!name.equals("content-length")) {
                request.header(name, value);
            }
        });
        return HTTP.send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int get(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean exists(String key) {
        try {
            s3.headObject(request -> request.bucket(BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
