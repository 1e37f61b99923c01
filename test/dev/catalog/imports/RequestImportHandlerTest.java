package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.intake.CommandRecord;
import dev.catalog.command.CommandStatus;
import dev.catalog.intake.CommandStore;
import dev.catalog.intake.CommandStoreUnavailableException;
import dev.catalog.intake.InMemoryCommandStore;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/imports}: the import recorded with its requester before any URL exists, and every bad field named; no I/O. */
class RequestImportHandlerTest {
    private static final String SAMPLE = "events/apigw-request-import.json";
    private static final UUID IMPORT = UUID.fromString("9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:20:12Z"), ZoneOffset.UTC);

    private final InMemoryCommandStore commands = new InMemoryCommandStore();
    private final List<String> signed = new ArrayList<>();

    @Test
    void recordsTheImportWithItsRequesterThenSignsAnUploadWithoutRequesterMetadata() {
        APIGatewayV2HTTPResponse response = handle(commands, "{\"format\": \"jsonl\", \"sizeBytes\": 2048}");

        assertEquals(201, response.getStatusCode(), response.getBody());
        Optional<CommandRecord> recorded = commands.find(IMPORT);
        assertEquals(Optional.of(CommandRecord.accepted(IMPORT, "product.import", IMPORT, "user-7f3a9c", IMPORT.toString(), null,
                CLOCK.instant())), recorded);
        assertEquals(List.of("imports/" + IMPORT + ".jsonl application/x-ndjson 2048 {} PT15M"), signed);
        JsonNode body = body(response);
        assertEquals(IMPORT.toString(), body.get("importId").asText());
        assertEquals("https://bucket.example/put", body.get("uploadUrl").asText());
        assertEquals("PUT", body.get("method").asText());
        assertEquals("application/x-ndjson", body.at("/headers/content-type").asText());
        assertEquals("2026-11-21T09:35:12Z", body.get("expiresAt").asText());
        assertEquals(CommandStatus.ACCEPTED, recorded.get().status());
    }

    @Test
    void namesEveryBadFieldAndRecordsNothing() {
        APIGatewayV2HTTPResponse response = handle(commands, "{\"format\": \"xml\", \"sizeBytes\": 0, \"owner\": \"me\"}");

        assertEquals(400, response.getStatusCode(), response.getBody());
        List<String> fields = new ArrayList<>();
        body(response).findValues("field").forEach(field -> fields.add(field.asText()));
        assertEquals(List.of("/format", "/sizeBytes", "/owner"), fields, response.getBody());
        assertEquals(Optional.empty(), commands.find(IMPORT));
        assertEquals(List.of(), signed);
    }

    @Test
    void acceptsSizesFromOneByteToTheLimitAndNothingBeyond() {
        assertEquals(201, handle(new InMemoryCommandStore(), "{\"format\": \"csv\", \"sizeBytes\": 1}").getStatusCode());
        assertEquals(201, handle(new InMemoryCommandStore(),
                "{\"format\": \"csv\", \"sizeBytes\": " + RequestImportHandler.MAX_IMPORT_BYTES + "}").getStatusCode());
        assertEquals(400, handle(new InMemoryCommandStore(),
                "{\"format\": \"csv\", \"sizeBytes\": " + (RequestImportHandler.MAX_IMPORT_BYTES + 1) + "}").getStatusCode());
        assertEquals(400, handle(new InMemoryCommandStore(), "{\"format\": 7, \"sizeBytes\": 10}").getStatusCode());
        assertEquals(400, handle(new InMemoryCommandStore(), "{\"sizeBytes\": 10}").getStatusCode());
    }

    @Test
    void answers503AndSignsNothingWhenTheImportCannotBeRecorded() {
        CommandStore down = new CommandStore() {
            @Override
            public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
                throw new CommandStoreUnavailableException("table unreachable", null);
            }

            @Override
            public Optional<CommandRecord> find(UUID commandId) {
                throw new CommandStoreUnavailableException("table unreachable", null);
            }

            @Override
            public boolean insertAllIfNoneExist(List<CommandRecord> records) {
                throw new CommandStoreUnavailableException("table unreachable", null);
            }
        };

        APIGatewayV2HTTPResponse response = handle(down, "{\"format\": \"csv\", \"sizeBytes\": 10}");

        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals("STORE_UNAVAILABLE", body(response).get("code").asText());
        assertEquals(List.of(), signed, "no URL for an import nobody could be recorded for");
    }

    @Test
    void aViewerMayNotRequestAnImport() {
        APIGatewayV2HTTPEvent event = event("{\"format\": \"csv\", \"sizeBytes\": 10}");
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "user-1", "roles", "[viewer]"));

        assertEquals(403, handler(commands).handleRequest(event, LocalContext.forTest("requestImport")).getStatusCode());
        assertEquals(Optional.empty(), commands.find(IMPORT));
    }

    private APIGatewayV2HTTPResponse handle(CommandStore store, String body) {
        return handler(store).handleRequest(event(body), LocalContext.forTest("requestImport"));
    }

    private RequestImportHandler handler(CommandStore store) {
        UploadUrls urls = new UploadUrls() {
            @Override
            public PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
                    Duration validFor) {
                signed.add(key + " " + contentType + " " + contentLength + " " + metadata + " " + validFor);
                return new PresignedUpload(URI.create("https://bucket.example/put"), Map.of("content-type", contentType),
                        CLOCK.instant().plus(validFor));
            }

            @Override
            public URI presignGet(String key, Duration validFor) {
                throw new UnsupportedOperationException("imports are never read back through the API");
            }
        };
        return new RequestImportHandler(urls, store, () -> IMPORT, CLOCK);
    }

    private static APIGatewayV2HTTPEvent event(String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(SAMPLE);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.mapper().readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }
}
