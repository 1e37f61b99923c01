package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.contract.Schemas;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.projection.AttachmentView;
import dev.catalog.projection.AttachmentViews;
import dev.catalog.projection.ProductViews.PutOutcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/products/{id}/attachments/{aid}} on its sample event, with the views in memory. */
class GetAttachmentHandlerTest {
    private static final Instant NOW = Instant.parse("2026-11-21T09:41:30Z");
    private static final String SAMPLE = "events/http-get-attachment.json";

    @Test
    void anUnknownAttachmentAnswers404WithTheAttachmentNotFoundCode() throws Exception {
        APIGatewayV2HTTPResponse response = handler(Optional.empty()).handleRequest(sample(), LocalContext.forTest("getAttachment"));

        assertNotFound(response);
    }

    @Test
    void aDeletedAttachmentAnswersLikeAnUnknownOne() throws Exception {
        APIGatewayV2HTTPResponse response = handler(Optional.of(view("DELETED"))).handleRequest(sample(), LocalContext.forTest("getAttachment"));

        assertNotFound(response);
    }

    @Test
    void aStoredAttachmentAnswersItsMetadataAndADownloadUrl() throws Exception {
        APIGatewayV2HTTPResponse response = handler(Optional.of(view("STORED"))).handleRequest(sample(), LocalContext.forTest("getAttachment"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Json.mapper().readTree(response.getBody());
        assertEquals("STORED", body.get("status").asText());
        assertEquals("https://download.example/attachments/0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01/3f9a1c72-5b4e-4d8a-9e21-7c6b5a4d3e01",
                body.get("downloadUrl").asText());
        assertEquals(NOW.plus(Duration.ofMinutes(5)).toString(), body.get("downloadUrlExpiresAt").asText());
    }

    private static void assertNotFound(APIGatewayV2HTTPResponse response) throws Exception {
        assertEquals(404, response.getStatusCode());
        JsonNode problem = Json.mapper().readTree(response.getBody());
        assertEquals(Set.of(), Schemas.violations("problem.v1.json", problem));
        assertEquals("ATTACHMENT_NOT_FOUND", problem.get("code").asText());
        assertFalse(problem.has("downloadUrl"));
    }

    private static APIGatewayV2HTTPEvent sample() {
        return EventLoader.loadApiGatewayHttpEvent(SAMPLE);
    }

    private static AttachmentView view(String status) {
        APIGatewayV2HTTPEvent sample = sample();
        return new AttachmentView(UUID.fromString(sample.getPathParameters().get("id")), UUID.fromString(sample.getPathParameters().get("aid")),
                "Walnut desk - assembly guide.pdf", "application/pdf", 482_133, "c".repeat(64), status, null, status.equals("DELETED") ? 2 : 1,
                NOW.minusSeconds(60), NOW.minusSeconds(30));
    }

    private static GetAttachmentHandler handler(Optional<AttachmentView> found) {
        AttachmentViews views = new AttachmentViews() {
            @Override
            public PutOutcome putIfNewer(AttachmentView attachment) {
                throw new AssertionError("a read never writes");
            }

            @Override
            public Optional<AttachmentView> get(UUID productId, UUID attachmentId) {
                return found.filter(view -> view.productId().equals(productId) && view.attachmentId().equals(attachmentId));
            }
        };
        UploadUrls urls = new UploadUrls() {
            @Override
            public PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
                    Duration validFor) {
                throw new AssertionError("a read never signs an upload");
            }

            @Override
            public URI presignGet(String key, Duration validFor) {
                return URI.create("https://download.example/" + key);
            }
        };
        return new GetAttachmentHandler(views, urls, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
