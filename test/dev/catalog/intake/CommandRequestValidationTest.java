package dev.catalog.intake;

import static dev.catalog.intake.ApiEvents.CREATE;
import static dev.catalog.intake.ApiEvents.DELETE;
import static dev.catalog.intake.ApiEvents.SUBMIT;
import static dev.catalog.intake.ApiEvents.UPDATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.local.runtime.functions.LocalContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests are answered with the right problem, name every failing field, and never reach the
 * command store or the topic.
 */
class CommandRequestValidationTest {
    private static final String PRODUCT = "0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01";

    private final InMemoryCommandStore store = new InMemoryCommandStore();
    private final RecordingCommandPublisher publisher = new RecordingCommandPublisher();
    private final CommandIntake intake = new CommandIntake(
            new CommandAcceptance(store, publisher, Clock.fixed(Instant.parse("2026-11-21T09:15:02Z"), ZoneOffset.UTC)),
            UUID::randomUUID);

    record BadRequest(String name, String eventFile, Consumer<APIGatewayV2HTTPEvent> edit, int status, String code,
            Set<String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsBadRequestBeforeWritingOrPublishing(BadRequest bad) {
        APIGatewayV2HTTPEvent event = ApiEvents.load(bad.eventFile());
        bad.edit().accept(event);

        APIGatewayV2HTTPResponse response = handlerFor(bad.eventFile()).handleRequest(event, LocalContext.forTest("api"));

        JsonNode problem = ApiEvents.body(response);
        assertEquals(bad.status(), response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("content-type"));
        assertEquals(bad.code(), problem.path("code").asText(), response.getBody());
        Set<String> fields = new TreeSet<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertEquals(new TreeSet<>(bad.fields()), fields, response.getBody());
        assertEquals(0, store.inserts, "nothing may be written");
        assertTrue(store.commands.isEmpty());
        assertTrue(publisher.calls.isEmpty(), "nothing may be published");
    }

    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handlerFor(String eventFile) {
        return switch (eventFile) {
            case CREATE -> new CreateProductHandler(intake);
            case UPDATE -> new UpdateProductHandler(intake);
            case DELETE -> new DeleteProductHandler(intake);
            case SUBMIT -> new SubmitCommandsHandler(intake);
            default -> throw new IllegalArgumentException(eventFile);
        };
    }

    static Stream<BadRequest> badRequests() {
        List<BadRequest> cases = new ArrayList<>();
        // --- POST /v1/products: envelope of the body
        cases.add(invalid("create: no body", CREATE, body(null), ""));
        cases.add(invalid("create: empty body", CREATE, body(""), ""));
        cases.add(malformed("create: truncated JSON", CREATE, body("{\"name\": \"Desk\"")));
        cases.add(malformed("create: not JSON at all", CREATE, body("name=Desk")));
        cases.add(malformed("create: trailing garbage", CREATE, body("{\"name\":\"Desk\"} {}")));
        cases.add(malformed("create: duplicate member", CREATE, body("{\"name\":\"Desk\",\"name\":\"Chair\"}")));
        cases.add(malformed("create: single quotes", CREATE, body("{'name':'Desk'}")));
        cases.add(invalid("create: body is an array", CREATE, body("[{\"name\":\"Desk\"}]"), ""));
        cases.add(invalid("create: body is a string", CREATE, body("\"Desk\""), ""));
        cases.add(invalid("create: body is null", CREATE, body("null"), ""));
        cases.add(new BadRequest("create: oversize body", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"" + "x".repeat(70_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE", Set.of()));
        cases.add(new BadRequest("create: oversize base64 body", CREATE,
                base64Body(("{\"name\":\"" + "x".repeat(66_000) + "\"}").getBytes(StandardCharsets.UTF_8)), 413,
                "PAYLOAD_TOO_LARGE", Set.of()));
        cases.add(malformed("create: invalid base64", CREATE, event -> {
            event.setBody("not base64 !!");
            event.setIsBase64Encoded(true);
        }));
        cases.add(malformed("create: invalid UTF-8", CREATE,
                base64Body(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})));
        cases.add(unsupported("create: text/plain", CREATE, header("content-type", "text/plain")));
        cases.add(unsupported("create: no content type", CREATE, header("content-type", null)));
        cases.add(unsupported("create: form encoded", CREATE, header("content-type", "application/x-www-form-urlencoded")));
        cases.add(unsupported("create: JSON in Latin-1", CREATE, header("content-type", "application/json; charset=ISO-8859-1")));
        // --- POST /v1/products: fields
        cases.add(invalid("create: name missing", CREATE, body("{\"description\":\"Oak\"}"), "/name"));
        cases.add(invalid("create: name is a number", CREATE, body("{\"name\":42}"), "/name"));
        cases.add(invalid("create: name is null", CREATE, body("{\"name\":null}"), "/name"));
        cases.add(invalid("create: name is an object", CREATE, body("{\"name\":{\"en\":\"Desk\"}}"), "/name"));
        cases.add(invalid("create: name empty", CREATE, body("{\"name\":\"\"}"), "/name"));
        cases.add(invalid("create: name only spaces", CREATE, body("{\"name\":\"    \"}"), "/name"));
        cases.add(invalid("create: name 201 characters", CREATE, body("{\"name\":\"" + "n".repeat(201) + "\"}"), "/name"));
        cases.add(invalid("create: name huge", CREATE, body("{\"name\":\"" + "n".repeat(60_000) + "\"}"), "/name"));
        cases.add(invalid("create: name 201 after trimming inner spaces kept", CREATE,
                body("{\"name\":\"  " + "n".repeat(100) + " " + "n".repeat(100) + "  \"}"), "/name"));
        cases.add(invalid("create: name with NUL", CREATE, body("{\"name\":\"Desk\\u0000\"}"), "/name"));
        cases.add(invalid("create: name with newline", CREATE, body("{\"name\":\"Desk\\nChair\"}"), "/name"));
        cases.add(invalid("create: name with tab", CREATE, body("{\"name\":\"Desk\\tChair\"}"), "/name"));
        cases.add(invalid("create: name with DEL", CREATE, body("{\"name\":\"Desk\\u007f\"}"), "/name"));
        cases.add(invalid("create: name with C1 control", CREATE, body("{\"name\":\"Desk\\u0085\"}"), "/name"));
        cases.add(invalid("create: name with lone surrogate", CREATE, body("{\"name\":\"Desk \\ud800\"}"), "/name"));
        cases.add(invalid("create: name with U+FFFF (SQS refuses it)", CREATE, body("{\"name\":\"Desk\\uffff\"}"), "/name"));
        cases.add(invalid("create: description with U+FFFF (SQS refuses it)", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"Oak \uffff\"}"), "/description"));
        cases.add(invalid("create: description with U+FFFE as an escape", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"Oak \\ufffe\"}"), "/description"));
        cases.add(invalid("create: description with a lone surrogate", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"Oak \\udc00\"}"), "/description"));
        cases.add(invalid("create: description with a vertical tab", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"Oak \\u000b\"}"), "/description"));
        cases.add(invalid("create: name with a right-to-left override", CREATE, body("{\"name\":\"Desk\\u202etxt.exe\"}"), "/name"));
        cases.add(invalid("create: name with a zero-width space", CREATE, body("{\"name\":\"Wal\\u200bnut\"}"), "/name"));
        cases.add(invalid("create: name with a BOM", CREATE, body("{\"name\":\"\\ufeffDesk\"}"), "/name"));
        cases.add(invalid("create: name only no-break spaces", CREATE, body("{\"name\":\"\u00a0\u00a0\"}"), "/name"));
        cases.add(invalid("create: name only ideographic spaces", CREATE, body("{\"name\":\"\u3000\u3000\"}"), "/name"));
        cases.add(invalid("create: name only combining marks", CREATE, body("{\"name\":\"\u0301\u0308\"}"), "/name"));
        cases.add(malformed("create: JSON nested deeper than the parser allows", CREATE,
                body("{\"name\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}")));
        cases.add(malformed("create: a number longer than the parser allows", CREATE,
                body("{\"name\":\"Desk\",\"x\":" + "9".repeat(1_500) + "}")));
        cases.add(malformed("update: JSON nested deeper than the parser allows", UPDATE, body("[".repeat(2_000))));
        cases.add(malformed("bulk: JSON nested deeper than the parser allows", SUBMIT,
                body("{\"commands\":" + "{\"a\":".repeat(1_200) + "1" + "}".repeat(1_201))));
        cases.add(invalid("create: description 4001 characters", CREATE,
                body("{\"name\":\"Desk\",\"description\":\"" + "d".repeat(4001) + "\"}"), "/description"));
        cases.add(invalid("create: description is a number", CREATE, body("{\"name\":\"Desk\",\"description\":5}"), "/description"));
        cases.add(invalid("create: unknown field", CREATE, body("{\"name\":\"Desk\",\"price\":10}"), "/price"));
        cases.add(invalid("create: client-chosen productId", CREATE,
                body("{\"name\":\"Desk\",\"productId\":\"" + PRODUCT + "\"}"), "/productId"));
        cases.add(invalid("create: every failure named at once", CREATE,
                body("{\"name\":\"\",\"description\":7,\"colour\":\"red\",\"size\":3}"), "/name", "/description", "/colour", "/size"));
        cases.add(invalid("create: Idempotency-Key too long", CREATE, header("Idempotency-Key", "k".repeat(129)), "Idempotency-Key"));
        cases.add(invalid("create: Idempotency-Key empty", CREATE, header("Idempotency-Key", ""), "Idempotency-Key"));
        cases.add(invalid("create: Idempotency-Key not ASCII", CREATE, header("Idempotency-Key", "clé-1"), "Idempotency-Key"));
        cases.add(invalid("create: Idempotency-Key with control character", CREATE, header("Idempotency-Key", "key\u0001"),
                "Idempotency-Key"));
        cases.add(invalid("create: bad key and bad name together", CREATE, event -> {
            ApiEvents.withHeader(event, "Idempotency-Key", "\t");
            event.setBody("{\"name\":\"\"}");
        }, "Idempotency-Key", "/name"));
        // --- PATCH /v1/products/{id}
        cases.add(invalid("update: id not a UUID", UPDATE, pathId("desk-1"), "id"));
        cases.add(invalid("update: id UUID without dashes", UPDATE, pathId("0b6f3c1e8f0a4c1b9d5e1a2b3c4d5e01"), "id"));
        cases.add(invalid("update: id short UUID form", UPDATE, pathId("1-2-3-4-5"), "id"));
        cases.add(invalid("update: id missing", UPDATE, event -> event.setPathParameters(null), "id"));
        cases.add(invalid("update: empty object", UPDATE, body("{}"), "", "/name", "/description"));
        cases.add(invalid("update: only expectedVersion", UPDATE, body("{\"expectedVersion\":3}"), "/name", "/description"));
        cases.add(invalid("update: expectedVersion zero", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":0}"), "/expectedVersion"));
        cases.add(invalid("update: expectedVersion negative", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":-1}"), "/expectedVersion"));
        cases.add(invalid("update: expectedVersion fraction", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":1.5}"), "/expectedVersion"));
        cases.add(invalid("update: expectedVersion as string", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":\"3\"}"), "/expectedVersion"));
        cases.add(invalid("update: expectedVersion beyond a long", UPDATE,
                body("{\"name\":\"Desk\",\"expectedVersion\":99999999999999999999999}"), "/expectedVersion"));
        cases.add(invalid("update: expectedVersion 1e400", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":1e400}"),
                "/expectedVersion"));
        cases.add(invalid("update: expectedVersion -1e400", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":-1e400}"),
                "/expectedVersion"));
        cases.add(invalid("update: expectedVersion 1e-400", UPDATE, body("{\"name\":\"Desk\",\"expectedVersion\":1e-400}"),
                "/expectedVersion"));
        cases.add(invalid("update: name with U+FFFF", UPDATE, body("{\"name\":\"Desk\\uffff\"}"), "/name"));
        cases.add(invalid("update: unknown field and bad id", UPDATE, event -> {
            event.getPathParameters().put("id", "nope");
            event.setBody("{\"name\":\"Desk\",\"deleted\":true}");
        }, "id", "/deleted"));
        cases.add(unsupported("update: XML", UPDATE, header("content-type", "application/xml")));
        cases.add(malformed("update: malformed JSON", UPDATE, body("{\"name\":")));
        // --- DELETE /v1/products/{id}
        cases.add(invalid("delete: id not a UUID", DELETE, pathId("42"), "id"));
        cases.add(invalid("delete: If-Match unquoted", DELETE, header("if-match", "2"), "If-Match"));
        cases.add(invalid("delete: If-Match weak tag", DELETE, header("if-match", "W/\"2\""), "If-Match"));
        cases.add(invalid("delete: If-Match zero", DELETE, header("if-match", "\"0\""), "If-Match"));
        cases.add(invalid("delete: expectedVersion query not a number", DELETE, query("expectedVersion", "two"), "expectedVersion"));
        cases.add(invalid("delete: query disagrees with If-Match", DELETE, query("expectedVersion", "3"), "expectedVersion"));
        // --- POST /v1/commands
        cases.add(invalid("bulk: no commands member", SUBMIT, body("{}"), "/commands"));
        cases.add(invalid("bulk: empty list", SUBMIT, body("{\"commands\":[]}"), "/commands"));
        cases.add(invalid("bulk: eleven commands", SUBMIT, body(bulkOfCreates(11)), "/commands"));
        cases.add(invalid("bulk: commands not an array", SUBMIT, body("{\"commands\":{}}"), "/commands"));
        cases.add(invalid("bulk: unknown top-level field", SUBMIT, body("{\"commands\":[" + create("Desk") + "],\"dryRun\":true}"),
                "/dryRun"));
        cases.add(invalid("bulk: unknown type", SUBMIT, body("{\"commands\":[{\"type\":\"product.rename\",\"payload\":{}}]}"),
                "/commands/0/type"));
        cases.add(invalid("bulk: payload missing", SUBMIT, body("{\"commands\":[{\"type\":\"product.create\"}]}"),
                "/commands/0/payload"));
        cases.add(invalid("bulk: invalid item named by index", SUBMIT, body("{\"commands\":[" + create("A") + "," + create("B") + ","
                + create("C") + "," + create("") + "]}"), "/commands/3/payload/name"));
        cases.add(invalid("bulk: several invalid items", SUBMIT, body("{\"commands\":[" + create("A") + ","
                + "{\"type\":\"product.update\",\"payload\":{\"productId\":\"x\",\"name\":\"B\"}},"
                + "{\"type\":\"product.delete\",\"payload\":{\"productId\":\"" + PRODUCT + "\",\"expectedVersion\":0}},"
                + "{\"type\":\"product.create\",\"payload\":{\"name\":\"D\",\"extra\":1}}]}"),
                "/commands/1/payload/productId", "/commands/2/payload/expectedVersion", "/commands/3/payload/extra"));
        cases.add(invalid("bulk: update without changes", SUBMIT,
                body("{\"commands\":[{\"type\":\"product.update\",\"payload\":{\"productId\":\"" + PRODUCT + "\",\"expectedVersion\":2}}]}"),
                "/commands/0/payload"));
        cases.add(invalid("bulk: update with expectedVersion 1e400", SUBMIT, body("{\"commands\":[{\"type\":\"product.update\","
                + "\"payload\":{\"productId\":\"" + PRODUCT + "\",\"name\":\"B\",\"expectedVersion\":1e400}}]}"),
                "/commands/0/payload/expectedVersion"));
        cases.add(invalid("bulk: delete with expectedVersion 1e400", SUBMIT, body("{\"commands\":[{\"type\":\"product.delete\","
                + "\"payload\":{\"productId\":\"" + PRODUCT + "\",\"expectedVersion\":1e400}}]}"),
                "/commands/0/payload/expectedVersion"));
        cases.add(invalid("bulk: create with a name SQS refuses", SUBMIT,
                body("{\"commands\":[" + create("A") + "," + create("B\\uffff") + "]}"), "/commands/1/payload/name"));
        cases.add(invalid("bulk: commandId not a UUID", SUBMIT,
                body("{\"commands\":[{\"commandId\":\"abc\",\"type\":\"product.create\",\"payload\":{\"name\":\"Desk\"}}]}"),
                "/commands/0/commandId"));
        cases.add(invalid("bulk: repeated commandId", SUBMIT, body("{\"commands\":["
                + "{\"commandId\":\"" + PRODUCT + "\",\"type\":\"product.create\",\"payload\":{\"name\":\"A\"}},"
                + "{\"commandId\":\"" + PRODUCT + "\",\"type\":\"product.create\",\"payload\":{\"name\":\"B\"}}]}"),
                "/commands/1/commandId"));
        cases.add(invalid("bulk: delete without productId", SUBMIT,
                body("{\"commands\":[{\"type\":\"product.delete\",\"payload\":{}}]}"), "/commands/0/payload/productId"));
        cases.add(invalid("bulk: item is not an object", SUBMIT, body("{\"commands\":[\"product.create\"]}"), "/commands/0"));
        cases.add(malformed("bulk: malformed JSON", SUBMIT, body("{\"commands\":[")));
        cases.add(unsupported("bulk: wrong content type", SUBMIT, header("content-type", "text/csv")));
        return cases.stream();
    }

    private static String create(String name) {
        return "{\"type\":\"product.create\",\"payload\":{\"name\":\"" + name + "\"}}";
    }

    private static String bulkOfCreates(int count) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(create("Product " + i));
        }
        return "{\"commands\":[" + String.join(",", items) + "]}";
    }

    private static BadRequest invalid(String name, String file, Consumer<APIGatewayV2HTTPEvent> edit, String... fields) {
        return new BadRequest(name, file, edit, 400, "VALIDATION", Set.of(fields));
    }

    private static BadRequest malformed(String name, String file, Consumer<APIGatewayV2HTTPEvent> edit) {
        return new BadRequest(name, file, edit, 400, "MALFORMED_JSON", Set.of());
    }

    private static BadRequest unsupported(String name, String file, Consumer<APIGatewayV2HTTPEvent> edit) {
        return new BadRequest(name, file, edit, 415, "UNSUPPORTED_MEDIA_TYPE", Set.of());
    }

    private static Consumer<APIGatewayV2HTTPEvent> body(String body) {
        return event -> event.setBody(body);
    }

    private static Consumer<APIGatewayV2HTTPEvent> base64Body(byte[] bytes) {
        return event -> {
            event.setBody(Base64.getEncoder().encodeToString(bytes));
            event.setIsBase64Encoded(true);
        };
    }

    private static Consumer<APIGatewayV2HTTPEvent> header(String name, String value) {
        return event -> ApiEvents.withHeader(event, name, value);
    }

    private static Consumer<APIGatewayV2HTTPEvent> pathId(String id) {
        return event -> event.getPathParameters().put("id", id);
    }

    private static Consumer<APIGatewayV2HTTPEvent> query(String name, String value) {
        return event -> {
            event.setQueryStringParameters(new java.util.HashMap<>(java.util.Map.of(name, value)));
            event.setRawQueryString(name + "=" + value);
        };
    }
}
