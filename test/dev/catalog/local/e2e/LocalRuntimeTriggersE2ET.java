package dev.catalog.local.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.e2e.fixtures.RecordingS3Handler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** HTTP API routes and S3 notifications, driven by a fixture service with one function per trigger. */
class LocalRuntimeTriggersE2ET {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static SqsClient sqs;
    private static S3Presigner presigner;

    @BeforeAll
    static void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0)
                .withServerlessYml(Path.of("test/fixtures/triggers/serverless.yml")));
        sqs = runtime.sqs();
        var presignerBuilder = S3Presigner.builder();
        new LocalClientSettings(runtime.endpoints()).configurePresigner(presignerBuilder);
        presigner = presignerBuilder.build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void routesRequestsToTheFunctionAsHttpApiPayloadV2() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                runtime.apiBaseUri().resolve("/echo/W%C3%BCrfel?size=large&size=small")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        JsonNode echo = JSON.readTree(response.body());
        assertEquals("GET /echo/{name}", echo.get("routeKey").asText());
        assertEquals("Würfel", echo.at("/pathParameters/name").asText());
        assertEquals("large,small", echo.at("/queryStringParameters/size").asText());
        assertEquals("dev", echo.get("stage").asText());
        assertEquals("echo", echo.get("function").asText());
    }

    @Test
    void passesTheBodyOfMethodRoutesAndAnswersNotFoundElsewhere() throws Exception {
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(runtime.apiBaseUri().resolve("/echo"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(runtime.apiBaseUri().resolve("/echo")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("{\"a\":1}", JSON.readTree(posted.body()).get("body").asText());
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", missing.body());
    }

    @Test
    void presignedUploadRaisesAnS3EventOnTheConfiguredQueueWithTheKeyEncoded() throws Exception {
        byte[] content = "Ein Würfel aus Holz".getBytes(StandardCharsets.UTF_8);
        String key = "incoming/p-1/Bild für Würfel.txt";
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(Duration.ofMinutes(15))
                .putObjectRequest(put -> put.bucket("triggers-dev-uploads").key(key).contentType("text/plain")));

        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(presigned.url().toURI())
                .header("content-type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, upload.statusCode(), upload.body());
        String queueUrl = sqs.getQueueUrl(request -> request.queueName("triggers-dev-uploads")).queueUrl();
        Message message = await().atMost(Duration.ofSeconds(10)).until(() -> sqs.receiveMessage(request -> request
                .queueUrl(queueUrl).waitTimeSeconds(1)).messages(), messages -> !messages.isEmpty()).get(0);
        JsonNode record = JSON.readTree(message.body()).get("Records").get(0);
        assertEquals("ObjectCreated:Put", record.get("eventName").asText());
        assertEquals("aws:s3", record.get("eventSource").asText());
        assertEquals("2.1", record.get("eventVersion").asText());
        assertEquals("us-east-1", record.get("awsRegion").asText());
        assertEquals("triggers-dev-uploads", record.at("/s3/bucket/name").asText());
        assertEquals("arn:aws:s3:::triggers-dev-uploads", record.at("/s3/bucket/arn").asText());
        assertEquals("incoming/p-1/Bild+f%C3%BCr+W%C3%BCrfel.txt", record.at("/s3/object/key").asText());
        assertEquals(content.length, record.at("/s3/object/size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)), record.at("/s3/object/eTag").asText());
        assertFalse(record.at("/s3/object/sequencer").asText().isEmpty());
    }

    @Test
    void tamperedPresignedUrlIsRefused() throws Exception {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(Duration.ofMinutes(15))
                .putObjectRequest(put -> put.bucket("triggers-dev-uploads").key("incoming/p-1/a.txt")));
        URI tampered = URI.create(presigned.url().toString().replace("incoming/p-1/a.txt", "incoming/p-2/a.txt"));

        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(tampered)
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(403, upload.statusCode());
    }

    @Test
    void objectsCreatedThroughTheSdkInvokeTheFunctionSubscribedByPrefix() {
        runtime.clients().s3().putObject(request -> request.bucket("triggers-dev-uploads").key("direct/report one.csv"),
                RequestBody.fromBytes("a,b\n".getBytes(StandardCharsets.UTF_8)));

        S3Event event = await().atMost(Duration.ofSeconds(10)).until(() -> RecordingS3Handler.RECEIVED.stream()
                .filter(received -> received.getRecords().get(0).getS3().getObject().getKey().startsWith("direct/"))
                .findFirst().orElse(null), found -> found != null);
        var record = event.getRecords().get(0);
        assertEquals("direct/report+one.csv", record.getS3().getObject().getKey());
        assertEquals("direct/report one.csv", record.getS3().getObject().getUrlDecodedKey());
        
        assertEquals(4L, record.getS3().getObject().getSizeAsLong());
        assertTrue(RecordingS3Handler.RECEIVED.stream().noneMatch(received ->
                received.getRecords().get(0).getS3().getObject().getKey().startsWith("incoming/")),
                "the function's prefix rule keeps other keys away: " + List.of(RecordingS3Handler.RECEIVED));
    }
}
