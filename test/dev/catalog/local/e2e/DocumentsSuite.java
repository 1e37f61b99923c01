package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.testsupport.QueueDepth;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Documents end to end on the local runtime booted from serverless.yml: upload URL → presigned PUT
 * to S3Proxy → ObjectCreated → uploads queue → upload processor → Aurora + outbox; and the journal
 * of the commands topic. Written once; each subclass names how the functions run.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
abstract class DocumentsSuite {

    /** How the runtime runs the functions in this run. */
    protected abstract LocalOptions.FunctionMode functionMode();

    /**
     * Whether to run the 10,000-row import: minutes of CPU on two cores, so it runs once, in process;
     * the other imports prove the packaged import processor.
     */
    protected abstract boolean runsTheLargeImport();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BUCKET_PREFIX = "catalog-dev-";
    /*
     * The 10,000-row import on the 2-core development machine, with the whole pipeline sharing it
     * (two runs): the reply (every row accepted) after 65-180 s, the 9,990 products in Aurora after
     * 171-325 s. The limits leave room for a noisy machine; the test prints what it took and never
     * asserts on time.
     */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(600);
    private LocalRuntime runtime;
    private String bucket;
    private String productId;
    private String uploadReplies;
    private String importReplies;
    private static final Map<String, JsonNode> REPLIES = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)).withFunctionMode(functionMode()));
        bucket = runtime.clients().s3().listBuckets().buckets().stream().map(b -> b.name())
                .filter(name -> name.startsWith(BUCKET_PREFIX) && name.endsWith("-documents")).findFirst().orElseThrow();
        productId = createProduct("Document holder");
        uploadReplies = subscribedRepliesQueue("e2e-upload-replies", "attachment.upload");
        importReplies = subscribedRepliesQueue("e2e-import-replies", "product.import");
    }

    /** A queue on the replies topic that receives the replies of one type (raw, as the status writer's queue does). */
    private String subscribedRepliesQueue(String name, String type) {
        String queueUrl = runtime.sqs().createQueue(r -> r.queueName(name)).queueUrl();
        String queueArn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
        String repliesTopic = runtime.clients().sns().listTopics().topics().stream().map(t -> t.topicArn())
                .filter(arn -> arn.endsWith(":catalog-dev-replies")).findFirst().orElseThrow();
        runtime.clients().sns().subscribe(r -> r.topicArn(repliesTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[\"" + type + "\"]}")));
        return queueUrl;
    }

    /** The reply to {@code commandId}; replies to others read meanwhile are kept for the tests that wait on them. */
    private JsonNode awaitReply(String queueUrl, String commandId) {
        return awaitValue(REPLY_TIMEOUT, () -> {
            for (var message : runtime.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
                JsonNode body = JSON.readTree(message.body());
                REPLIES.put(body.path("commandId").asText(), body);
                runtime.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return REPLIES.get(commandId);
        }, java.util.Objects::nonNull);
    }

    /**
     * Polls {@code value} until {@code done} accepts it. (Awaitility's own {@code until(Callable, Predicate)}
     * goes through Hamcrest, whose version on this classpath lacks the method it calls on a mismatch.)
     */
    private <T> T awaitValue(Duration atMost, java.util.concurrent.Callable<T> value, java.util.function.Predicate<T> done) {
        java.util.concurrent.atomic.AtomicReference<T> last = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(value.call());
            return done.test(last.get());
        });
        return last.get();
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            try {
                ListedAwsCalls.assertEveryCallListed(runtime);
            } finally {
                runtime.close();
            }
        }
    }

    @Test
    void aPdfAndAPngUploadedThroughTheirUrlsAreStoredIntact() throws Exception {
        byte[] pdf = withPrefix("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 300_000);
        byte[] png = withPrefix(new byte[] {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A}, 70_000);

        for (Object[] file : List.of(new Object[] {"Bild für Würfel.pdf", "application/pdf", pdf},
                new Object[] {"../logo/ mark.png", "image/png", png})) {
            byte[] content = (byte[]) file[2];
            JsonNode upload = requestUpload(productId, (String) file[0], (String) file[1], content.length);
            assertEquals(200, put(upload, content).statusCode());
            String attachmentId = upload.get("attachmentId").asText();

            Map<String, Object> row = awaitAttachmentRow(attachmentId);
            assertEquals("STORED", row.get("status"));
            assertEquals((long) content.length, row.get("size_bytes"));
            assertEquals(sha256(content), row.get("sha256"));
            assertEquals(file[1], row.get("content_type"));
            String storedKey = "attachments/" + productId + "/" + attachmentId;
            assertEquals(storedKey, row.get("s3_key"));
            assertArrayEquals(content, runtime.clients().s3().getObjectAsBytes(r -> r.bucket(bucket).key(storedKey)).asByteArray(),
                    "downloads intact");
            await().atMost(Duration.ofSeconds(10)).until(() -> !exists("incoming/" + productId + "/" + attachmentId));

            // The read side: the product view lists it, and its download URL serves the same bytes.
            String route = "/v1/products/" + productId + "/attachments/" + attachmentId;
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> send("GET", route, "viewer", null).statusCode() == 200);
            JsonNode metadata = JSON.readTree(send("GET", route, "viewer", null).body());
            assertEquals("STORED", metadata.get("status").asText());
            assertEquals(content.length, metadata.get("sizeBytes").asLong());
            assertEquals(sha256(content), metadata.get("sha256").asText());
            HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(metadata.get("downloadUrl").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertArrayEquals(content, download.body(), "the download URL serves the stored bytes");
            String tampered = metadata.get("downloadUrl").asText().replace(attachmentId, java.util.UUID.randomUUID().toString());
            assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "a download URL is bound to its key");
        }
        assertEquals("Bild für Würfel.pdf", fileNameOfLatest("application/pdf"));
        assertEquals("mark.png", fileNameOfLatest("image/png"), "path and surrounding blanks gone");
        assertDeleteRemovesTheLatestPng();
    }

    /** DELETE is a command: 202, then the worker soft-deletes the row and removes the object; reads answer 404. */
    private void assertDeleteRemovesTheLatestPng() throws Exception {
        String attachmentId;
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id::text FROM attachments WHERE product_id = ?::uuid AND content_type = 'image/png' AND status = 'STORED'")) {
            select.setString(1, productId);
            ResultSet row = select.executeQuery();
            assertTrue(row.next());
            attachmentId = row.getString(1);
        }
        String route = "/v1/products/" + productId + "/attachments/" + attachmentId;
        assertEquals(403, send("DELETE", route, "viewer", null).statusCode());
        HttpResponse<String> accepted = send("DELETE", route, "editor", null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String commandId = JSON.readTree(accepted.body()).get("commandId").asText();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "SUCCEEDED".equals(JSON.readTree(send("GET", "/v1/commands/" + commandId, "viewer", null).body())
                        .path("status").asText()));
        assertEquals("DELETED", attachmentRow(attachmentId).get("status"));
        assertFalse(exists("attachments/" + productId + "/" + attachmentId), "the stored object is removed");
        await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", route, "viewer", null).statusCode() == 404);
        assertEquals("ATTACHMENT_NOT_FOUND", JSON.readTree(send("GET", route, "viewer", null).body()).get("code").asText());

        // Deleting it again is a command too: it fails for good with the attachment's own code.
        HttpResponse<String> again = send("DELETE", route, "editor", null);
        String secondId = JSON.readTree(again.body()).get("commandId").asText();
        JsonNode failed = awaitValue(Duration.ofSeconds(20), () -> JSON.readTree(send("GET", "/v1/commands/" + secondId, "viewer", null).body()),
                        status -> "FAILED".equals(status.path("status").asText()));
        assertEquals("ATTACHMENT_NOT_FOUND", failed.at("/error/code").asText(), failed.toString());

        // So does deleting one the product never had.
        HttpResponse<String> unknown = send("DELETE", "/v1/products/" + productId + "/attachments/" + java.util.UUID.randomUUID(), "editor", null);
        assertEquals(202, unknown.statusCode(), unknown.body());
        String unknownId = JSON.readTree(unknown.body()).get("commandId").asText();
        JsonNode neverThere = awaitValue(Duration.ofSeconds(20), () -> JSON.readTree(send("GET", "/v1/commands/" + unknownId, "viewer", null).body()),
                        status -> "FAILED".equals(status.path("status").asText()));
        assertEquals("ATTACHMENT_NOT_FOUND", neverThere.at("/error/code").asText(), neverThere.toString());
    }

    @Test
    void bytesThatDoNotMatchTheDeclaredTypeAreRejectedAndRemoved() throws Exception {
        byte[] notAPng = withPrefix("MZ".getBytes(StandardCharsets.US_ASCII), 5_000);
        JsonNode upload = requestUpload(productId, "virus.png", "image/png", notAPng.length);
        assertEquals(200, put(upload, notAPng).statusCode());
        String attachmentId = upload.get("attachmentId").asText();

        Map<String, Object> row = awaitAttachmentRow(attachmentId);
        assertEquals("REJECTED", row.get("status"));
        assertEquals("CONTENT_MISMATCH", row.get("rejection_reason"));
        assertNull(row.get("s3_key"));
        assertUploadRejectedReply(attachmentId, "CONTENT_MISMATCH");
        await().atMost(Duration.ofSeconds(10)).until(() -> !exists("incoming/" + productId + "/" + attachmentId));
        assertFalse(exists("attachments/" + productId + "/" + attachmentId));
        String route = "/v1/products/" + productId + "/attachments/" + attachmentId;
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> send("GET", route, "viewer", null).statusCode() == 200);
        JsonNode metadata = JSON.readTree(send("GET", route, "viewer", null).body());
        assertEquals("REJECTED", metadata.get("status").asText());
        assertEquals("CONTENT_MISMATCH", metadata.get("rejectionReason").asText());
        assertFalse(metadata.has("downloadUrl"));
    }

    @Test
    void anObjectOverTheLimitIsRejectedAndRemoved() throws Exception {
        // The API never signs a URL above the limit; an object that gets there anyway (another
        // writer with bucket access) is caught by the processor on the bytes that arrived.
        String attachmentId = java.util.UUID.randomUUID().toString();
        String key = "incoming/" + productId + "/" + attachmentId;
        byte[] big = withPrefix("%PDF-".getBytes(StandardCharsets.US_ASCII), 25 * 1024 * 1024 + 1);
        runtime.clients().s3().putObject(r -> r.bucket(bucket).key(key).contentType("application/pdf"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(big));

        Map<String, Object> row = awaitAttachmentRow(attachmentId);
        assertEquals("REJECTED", row.get("status"));
        assertEquals("TOO_LARGE", row.get("rejection_reason"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !exists(key));
        assertUploadRejectedReply(attachmentId, "TOO_LARGE");
    }

    /** The upload's reply (commandId = attachmentId) on the replies topic: FAILED, UPLOAD_REJECTED, the reason first. */
    private void assertUploadRejectedReply(String attachmentId, String reason) {
        JsonNode reply = awaitReply(uploadReplies, attachmentId);
        assertEquals("FAILED", reply.get("status").asText(), reply.toString());
        assertEquals("UPLOAD_REJECTED", reply.at("/error/code").asText(), reply.toString());
        assertTrue(reply.at("/error/message").asText().startsWith(reason + ": "), reply.toString());
    }

    /** The processors' network path to S3 (a gateway endpoint on the private route tables) has no local stand-in: loopback needs none. */
    @Test
    void theS3GatewayEndpointIsDeclaredButSkippedLocally() {
        assertTrue(runtime.skippedResources().getOrDefault("AWS::EC2::VPCEndpoint", List.of()).containsAll(List.of("S3Endpoint", "SnsEndpoint")),
                runtime.skippedResources().toString());
    }

    @Test
    void theApiRefusesUndeclaredTypesOversizedFilesAndUnknownProducts() throws Exception {
        assertEquals(400, send("POST", "/v1/products/" + productId + "/attachments", "editor",
                "{\"fileName\":\"a.exe\",\"contentType\":\"application/x-msdownload\",\"sizeBytes\":10}").statusCode());
        assertEquals(400, send("POST", "/v1/products/" + productId + "/attachments", "editor",
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":26214401}").statusCode());
        assertEquals(404, send("POST", "/v1/products/" + java.util.UUID.randomUUID() + "/attachments", "editor",
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":10}").statusCode());
        assertEquals(403, send("POST", "/v1/products/" + productId + "/attachments", "viewer",
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"sizeBytes\":10}").statusCode());
    }

    @Test
    void aTamperedUrlOrOtherBytesAreRefusedByS3() throws Exception {
        byte[] pdf = withPrefix("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 1_000);
        JsonNode upload = requestUpload(productId, "contract.pdf", "application/pdf", pdf.length);
        String url = upload.get("uploadUrl").asText();
        String otherAttachment = java.util.UUID.randomUUID().toString();
        String tamperedKey = url.replace(upload.get("attachmentId").asText(), otherAttachment);
        assertEquals(403, put(URI.create(tamperedKey), upload.get("headers"), pdf).statusCode(), "another key");

        Map<String, String> otherType = new HashMap<>();
        upload.get("headers").fields().forEachRemaining(h -> otherType.put(h.getKey(), h.getValue().asText()));
        otherType.put("content-type", "image/png");
        assertEquals(403, put(URI.create(url), JSON.valueToTree(otherType), pdf).statusCode(), "another content type");

        Map<String, String> otherName = new HashMap<>(otherType);
        otherName.put("content-type", "application/pdf");
        otherName.put("x-amz-meta-file-name", "evil.pdf");
        assertEquals(403, put(URI.create(url), JSON.valueToTree(otherName), pdf).statusCode(), "another file name");

        String forgedSignature = url.replaceFirst("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + "0".repeat(64));
        assertEquals(403, put(URI.create(forgedSignature), upload.get("headers"), pdf).statusCode(), "a forged signature");
        assertFalse(exists("incoming/" + productId + "/" + otherAttachment));
    }

    @Test
    void theJournalHoldsEveryCommandExactlyOncePerDeliveryBatch() throws Exception {
        List<String> commandIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JsonNode accepted = JSON.readTree(send("POST", "/v1/products", "editor", "{\"name\":\"Journalled " + i + "\"}").body());
            commandIds.add(accepted.get("commandId").asText());
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> journalledCommandIds().keySet().containsAll(commandIds));
        Map<String, Integer> perObject = new HashMap<>();
        for (Map.Entry<String, List<String>> journalled : journalledCommandIds().entrySet()) {
            if (commandIds.contains(journalled.getKey())) {
                for (String object : journalled.getValue()) {
                    perObject.merge(journalled.getKey() + "@" + object, 1, Integer::sum);
                }
            }
        }
        perObject.forEach((entry, count) -> assertEquals(1, count, entry + " appears more than once in one batch object"));
    }

    /** Line number (the header is line 1) → a row the import rules refuse, scattered from the first row to the last. */
    private Map<Integer, String> badCsvRows(String prefix) {
        Map<Integer, String> bad = new java.util.TreeMap<>();
        bad.put(2, ",A description without a name,,");
        bad.put(778, prefix + " #777,Version on a create that is not a number,,three");
        bad.put(1501, prefix + " #1500,\"Oak, oiled,,");
        bad.put(3000, "\"" + prefix + " #2999\" trailing,Text after the closing quote,,");
        bad.put(4243, prefix + " #4242,Two fields where the header has four");
        bad.put(5001, prefix + " #5000,Not an id,not-a-uuid,");
        bad.put(6132, prefix + " #6131 " + "x".repeat(200) + ",Name longer than 200 characters,,");
        bad.put(7778, prefix + " #7777," + "d".repeat(4001) + ",,");
        bad.put(9002, "   ,A blank name,,");
        bad.put(10001, prefix + " #10000,A create cannot name a version,,1");
        return bad;
    }

    @Test
    void anImportOfTenThousandRowsWithTenBadOnesCreatesExactlyTheGoodProductsAndNamesTheBadLines() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(runsTheLargeImport(), "the 10,000-row import runs on the in-process tier");
        String prefix = "Imported " + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, String> bad = badCsvRows(prefix);
        StringBuilder csv = new StringBuilder("name,description,productId,expectedVersion\n");
        for (int row = 1; row <= 10_000; row++) {
            int line = row + 1;
            csv.append(bad.containsKey(line) ? bad.get(line) : prefix + " #" + row + ",\"Row " + row + ", imported\",,").append('\n');
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send("POST", "/v1/imports", "editor",
                JSON.createObjectNode().put("format", "csv").put("sizeBytes", file.length).toString());
        assertEquals(201, answer.statusCode(), answer.body());
        JsonNode upload = JSON.readTree(answer.body());
        long started = System.nanoTime();
        assertEquals(200, put(upload, file).statusCode());
        String importId = upload.get("importId").asText();

        JsonNode reply = awaitReply(importReplies, importId);
        long replied = System.nanoTime();
        assertEquals("SUCCEEDED", reply.get("status").asText(), reply.toString());
        assertEquals(9_990, reply.at("/result/accepted").asLong());
        assertEquals(10, reply.at("/result/rejected").asLong());
        assertFalse(reply.at("/result/rejectedRowsTruncated").asBoolean(true));
        List<Integer> reported = new ArrayList<>();
        reply.at("/result/rejectedRows").forEach(row -> reported.add(row.get("line").asInt()));
        assertEquals(List.copyOf(bad.keySet()), reported, "exactly the bad lines, in file order");
        // The reply is sent once every accepted row has its command: exactly the good rows, the bad ones never.
        assertEquals(9_990, commandItemsOf(importId));

        await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> importedProducts(prefix) >= 9_990);
        long drained = System.nanoTime();
        System.out.printf("10,000-row import: reply after %.1f s, %d products in Aurora after %.1f s%n",
                (replied - started) / 1e9, 9_990, (drained - started) / 1e9);
        assertEquals(9_990, importedProducts(prefix), "exactly the good rows, each once");
        // Views, statuses and the journal catch up too, so the tests after this one do not wait behind its 9,990 commands.
        awaitPipelineQueuesEmpty();
    }

    private void awaitPipelineQueuesEmpty() {
        List<String> queueUrls = runtime.sqs().listQueues(request -> request.queueNamePrefix("catalog-dev-")).queueUrls().stream()
                .filter(url -> !url.contains("-dlq")).toList();
        await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> queueUrls.stream().allMatch(url -> QueueDepth.of(runtime.sqs(), url) == 0));
    }

    @Test
    void aJsonLinesImportRefusesWrongTypesBrokenLinesAndUnknownMembers() throws Exception {
        String prefix = "Small import " + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<Integer, String> bad = new java.util.TreeMap<>();
        bad.put(3, "{\"name\": 42}");
        bad.put(9, "{\"name\": \"" + prefix + " #9\", \"description\": [\"not\", \"text\"]}");
        bad.put(17, "{\"name\": \"" + prefix + " #17\"");
        bad.put(23, "[\"" + prefix + " #23\"]");
        bad.put(31, "{\"name\": \"" + prefix + " #31\", \"colour\": \"red\"}");
        bad.put(42, "{\"description\": \"no name\"}");
        bad.put(58, "{\"name\": \"" + prefix + " #58\", \"productId\": 7}");
        StringBuilder jsonl = new StringBuilder();
        for (int line = 1; line <= 60; line++) {
            jsonl.append(bad.containsKey(line) ? bad.get(line) : "{\"name\":\"" + prefix + " #" + line + "\"}").append('\n');
        }
        byte[] file = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send("POST", "/v1/imports", "editor",
                JSON.createObjectNode().put("format", "jsonl").put("sizeBytes", file.length).toString());
        assertEquals(201, answer.statusCode(), answer.body());
        JsonNode upload = JSON.readTree(answer.body());
        // The requester is recorded by the API, not carried by the object.
        assertTrue(upload.at("/headers/x-amz-meta-uploaded-by").isMissingNode(), upload.toString());
        assertEquals(200, put(upload, file).statusCode());

        JsonNode reply = awaitReply(importReplies, upload.get("importId").asText());
        assertEquals(53, reply.at("/result/accepted").asLong(), reply.toString());
        assertEquals("local-editor", reply.path("actor").asText(), "the import runs as the requester: " + reply);
        assertEquals(java.util.Set.of("local-editor"), commandActorsOf(upload.get("importId").asText()));
        // The import's record, written by the API, is completed by the reply like any command's.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> JSON.readTree(
                send("GET", "/v1/commands/" + upload.get("importId").asText(), "viewer", null).body()).path("status").asText().equals("SUCCEEDED"));
        List<Integer> reported = new ArrayList<>();
        reply.at("/result/rejectedRows").forEach(row -> reported.add(row.get("line").asInt()));
        assertEquals(List.copyOf(bad.keySet()), reported);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> importedProducts(prefix) >= 53);
        assertEquals(53, importedProducts(prefix), "exactly the good rows, each once");
    }

    /**
     * A bucket writer (the supplier with put rights on imports/) forges the metadata the API once signed,
     * naming an admin, on an API-style key nobody requested and on the key of an import an editor did
     * request: neither runs as the forged subject or with the forged roles.
     */
    @Test
    void requesterMetadataForgedByABucketWriterNeverChoosesWhoAnImportRunsAs() throws Exception {
        String prefix = "Forged " + java.util.UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> forged = Map.of("uploaded-by", "local-admin", "uploaded-roles", "admin,editor,viewer");
        String invented = java.util.UUID.randomUUID().toString();
        putAsBucketWriter("imports/" + invented + ".csv", "name,description\n" + prefix + " #1,forged\n", forged);
        byte[] requestedFile = ("name,description\n" + prefix + " #2,forged\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = send("POST", "/v1/imports", "editor",
                JSON.createObjectNode().put("format", "csv").put("sizeBytes", requestedFile.length).toString());
        assertEquals(201, answer.statusCode(), answer.body());
        String requested = JSON.readTree(answer.body()).get("importId").asText();
        putAsBucketWriter("imports/" + requested + ".csv", new String(requestedFile, StandardCharsets.UTF_8), forged);

        JsonNode inventedReply = awaitReply(importReplies, invented);
        assertEquals("supplier-drop", inventedReply.path("actor").asText(), "a key the API never issued: " + inventedReply);
        assertEquals(1, inventedReply.at("/result/accepted").asLong(), inventedReply.toString());
        JsonNode requestedReply = awaitReply(importReplies, requested);
        assertEquals("local-editor", requestedReply.path("actor").asText(), "the requester the API recorded: " + requestedReply);
        assertEquals(1, requestedReply.at("/result/accepted").asLong(), requestedReply.toString());
        // The roles travel in the command envelopes: read them where the journal keeps them.
        assertEquals(java.util.Set.of("supplier-drop [editor]"), awaitJournalledActorsOf(invented));
        assertEquals(java.util.Set.of("local-editor [editor]"), awaitJournalledActorsOf(requested));
    }

    private void putAsBucketWriter(String key, String content, Map<String, String> metadata) {
        runtime.clients().s3().putObject(r -> r.bucket(bucket).key(key).contentType("text/csv").metadata(metadata),
                software.amazon.awssdk.core.sync.RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    /** "sub [role,…]" of each command of the import that reached the journal, once one has. */
    private java.util.Set<String> awaitJournalledActorsOf(String importId) {
        return awaitValue(Duration.ofSeconds(120), () -> {
            java.util.Set<String> actors = new java.util.TreeSet<>();
            forEachJournalledCommand(command -> {
                if (importId.equals(command.path("correlationId").asText())) {
                    List<String> roles = new ArrayList<>();
                    command.at("/actor/roles").forEach(role -> roles.add(role.asText()));
                    actors.add(command.at("/actor/sub").asText() + " " + roles.toString().replace(" ", ""));
                }
            });
            return actors;
        }, actors -> !actors.isEmpty());
    }

    @Test
    void aFileDroppedStraightIntoTheBucketIsImportedAsTheSystemActorWithAReportBesideIt() throws Exception {
        String prefix = "Dropped " + java.util.UUID.randomUUID().toString().substring(0, 8);
        String key = "imports/my catalog (v2) é.csv";
        String csv = "name,description\n" + prefix + " #1,From the supplier\n,no name\n" + prefix + " #3,Also from the supplier\n";
        // A supplier's own S3 client: no URL from the API, no metadata, a key with spaces, brackets and a non-ASCII letter.
        runtime.clients().s3().putObject(r -> r.bucket(bucket).key(key).contentType("text/csv"),
                software.amazon.awssdk.core.sync.RequestBody.fromString(csv, StandardCharsets.UTF_8));
        runtime.clients().s3().putObject(r -> r.bucket(bucket).key("imports/supplier notes.txt").contentType("text/plain"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("not a catalog", StandardCharsets.UTF_8));

        JsonNode report = awaitReport(key);
        assertEquals("SUCCEEDED", report.path("status").asText(), report.toString());
        assertEquals(key, report.path("key").asText());
        assertEquals("supplier-drop", report.at("/actor/sub").asText(), report.toString());
        assertEquals("[\"editor\"]", report.at("/actor/roles").toString());
        assertEquals(2, report.at("/result/accepted").asLong(), report.toString());
        assertEquals(3, report.at("/result/rejectedRows/0/line").asInt(), report.toString());
        String importId = report.path("importId").asText();
        JsonNode reply = awaitReply(importReplies, importId);
        assertEquals("supplier-drop", reply.path("actor").asText(), reply.toString());
        assertEquals(java.util.Set.of("supplier-drop"), commandActorsOf(importId));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> importedProducts(prefix) >= 2);
        assertEquals(2, importedProducts(prefix), "exactly the good rows, each once");

        JsonNode unsupported = awaitReport("imports/supplier notes.txt");
        assertEquals("FAILED", unsupported.path("status").asText(), unsupported.toString());
        assertEquals("VALIDATION", unsupported.at("/error/code").asText());
        assertTrue(unsupported.at("/error/message").asText().contains(".csv, .jsonl or .ndjson"), unsupported.toString());

        // The reports arrived as objects under imports/ too: they are never imported themselves.
        awaitPipelineQueuesEmpty();
        List<String> reportsOfReports = runtime.clients().s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("imports/")).contents()
                .stream().map(S3Object::key).filter(name -> name.endsWith(".report.json.report.json")).toList();
        assertEquals(List.of(), reportsOfReports);
    }

    /** The report the processor leaves beside a dropped file. */
    private JsonNode awaitReport(String importKey) {
        return awaitValue(REPLY_TIMEOUT, () -> {
            try {
                return JSON.readTree(runtime.clients().s3().getObjectAsBytes(r -> r.bucket(bucket).key(importKey + ".report.json")).asByteArray());
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException notYet) {
                return null;
            }
        }, java.util.Objects::nonNull);
    }

    /** The actors of the commands an import accepted (the command items carry the import id as correlation id). */
    private java.util.Set<String> commandActorsOf(String importId) {
        java.util.Set<String> actors = new java.util.TreeSet<>();
        for (var page : runtime.clients().dynamoDb().scanPaginator(r -> r.tableName("catalog-dev-commands")
                .filterExpression("correlationId = :importId")
                .expressionAttributeValues(Map.of(":importId",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(importId))))) {
            page.items().forEach(item -> actors.add(item.containsKey("actor") ? item.get("actor").s() : "(none)"));
        }
        return actors;
    }

    private long commandItemsOf(String importId) {
        long count = 0;
        // The import's own record carries its id as correlation id too: only the rows' commands count.
        for (var page : runtime.clients().dynamoDb().scanPaginator(r -> r.tableName("catalog-dev-commands").select("COUNT")
                .filterExpression("correlationId = :importId AND #type <> :import")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":importId",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(importId),
                        ":import", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("product.import"))))) {
            count += page.count();
        }
        return count;
    }

    private long importedProducts(String prefix) throws Exception {
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM products WHERE name LIKE ?")) {
            select.setString(1, prefix + " #%");
            ResultSet row = select.executeQuery();
            row.next();
            return row.getLong(1);
        }
    }

    /** commandId → the journal objects (one per delivery batch) it appears in, once per appearance. */
    private Map<String, List<String>> journalledCommandIds() throws Exception {
        Map<String, List<String>> found = new HashMap<>();
        forEachJournalledCommand((key, command) -> found.computeIfAbsent(command.get("commandId").asText(), id -> new ArrayList<>()).add(key));
        return found;
    }

    private void forEachJournalledCommand(java.util.function.Consumer<JsonNode> each) throws Exception {
        forEachJournalledCommand((key, command) -> each.accept(command));
    }

    /** Each command in the journal with the key of the object holding it. */
    private void forEachJournalledCommand(java.util.function.BiConsumer<String, JsonNode> each) throws Exception {
        for (S3Object object : runtime.clients().s3().listObjectsV2Paginator(r -> r.bucket(bucket).prefix("journal/")).contents()) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    runtime.clients().s3().getObject(r -> r.bucket(bucket).key(object.key())), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode command = findCommand(JSON.readTree(line));
                    if (command != null) {
                        each.accept(object.key(), command);
                    }
                }
            }
        }
    }

    /** The journal keeps the SNS envelope; the command sits in it as text or as a parsed object. */
    private JsonNode findCommand(JsonNode node) throws Exception {
        if (node == null) {
            return null;
        }
        if (node.isTextual() && node.asText().startsWith("{")) {
            return findCommand(JSON.readTree(node.asText()));
        }
        if (node.isObject()) {
            if (node.hasNonNull("commandId") && node.has("payload")) {
                return node;
            }
            Iterator<JsonNode> values = node.elements();
            while (values.hasNext()) {
                JsonNode command = findCommand(values.next());
                if (command != null) {
                    return command;
                }
            }
        }
        return null;
    }

    private String createProduct(String name) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/products", "editor", JSON.createObjectNode().put("name", name).toString());
        assertEquals(202, response.statusCode(), response.body());
        String id = JSON.readTree(response.body()).get("productId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/v1/products/" + id, "viewer", null).statusCode() == 200);
        return id;
    }

    private JsonNode requestUpload(String product, String fileName, String contentType, long size) throws Exception {
        String body = JSON.createObjectNode().put("fileName", fileName).put("contentType", contentType).put("sizeBytes", size).toString();
        HttpResponse<String> response = send("POST", "/v1/products/" + product + "/attachments", "editor", body);
        assertEquals(201, response.statusCode(), response.body());
        JsonNode upload = JSON.readTree(response.body());
        assertEquals("PUT", upload.get("method").asText());
        assertEquals(contentType, upload.at("/headers/content-type").asText());
        assertEquals(Long.toString(size), upload.at("/headers/content-length").asText());
        assertTrue(upload.at("/headers/x-amz-meta-file-name").isTextual(), upload.toString());
        return upload;
    }

    private HttpResponse<String> put(JsonNode upload, byte[] content) throws Exception {
        return put(URI.create(upload.get("uploadUrl").asText()), upload.get("headers"), content);
    }

    private HttpResponse<String> put(URI url, JsonNode headers, byte[] content) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20));
        headers.fields().forEachRemaining(header -> {
            // content-length and host are set by the HTTP client from the body and the URL.
            if (!Set.of("content-length", "host").contains(header.getKey())) {
                request.header(header.getKey(), header.getValue().asText());
            }
        });
        return HTTP.send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String role, String body) throws Exception {
        // API Gateway's own limit: a cold start of the packaged function on a busy machine fits in it.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + path)).timeout(Duration.ofSeconds(30));
        if (role != null) {
            request.header("authorization", "Bearer " + runtime.tokens().get(role));
        }
        if (body != null) {
            request.header("content-type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> awaitAttachmentRow(String attachmentId) throws Exception {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> attachmentRow(attachmentId) != null);
        return attachmentRow(attachmentId);
    }

    private Map<String, Object> attachmentRow(String attachmentId) throws Exception {
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT status, size_bytes, sha256, content_type, s3_key, rejection_reason, file_name FROM attachments WHERE id = ?::uuid")) {
            select.setString(1, attachmentId);
            ResultSet row = select.executeQuery();
            if (!row.next()) {
                return null;
            }
            Map<String, Object> values = new HashMap<>();
            values.put("status", row.getString("status"));
            values.put("size_bytes", row.getLong("size_bytes"));
            values.put("sha256", row.getString("sha256"));
            values.put("content_type", row.getString("content_type"));
            values.put("s3_key", row.getString("s3_key"));
            values.put("rejection_reason", row.getString("rejection_reason"));
            values.put("file_name", row.getString("file_name"));
            return values;
        }
    }

    private String fileNameOfLatest(String contentType) throws Exception {
        try (Connection connection = runtime.database("catalog").getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT file_name FROM attachments WHERE content_type = ? AND status = 'STORED' ORDER BY created_at DESC LIMIT 1")) {
            select.setString(1, contentType);
            ResultSet row = select.executeQuery();
            assertTrue(row.next());
            return row.getString(1);
        }
    }

    private boolean exists(String key) {
        try {
            runtime.clients().s3().headObject(r -> r.bucket(bucket).key(key));
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

    private byte[] withPrefix(byte[] prefix, int length) {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        return content;
    }

    private String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

}
