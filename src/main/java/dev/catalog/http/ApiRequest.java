package dev.catalog.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import dev.catalog.internal.Uuids;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The parts of an HTTP API request the command routes read, each checked at the edge: caller and
 * role, headers (names are case-insensitive), path id and the JSON body.
 */
public final class ApiRequest {
    /** Larger bodies are refused before they are parsed: no command comes near this size. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CORRELATION_ID = "X-Correlation-Id";
    private static final int MAX_HEADER_ID_LENGTH = 128;
    /** Duplicate keys would make "which value counts" depend on the parser: refused as malformed. */
    private static final ObjectReader STRICT_READER = Json.mapper().readerFor(JsonNode.class)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        this.headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
    }

    /** The caller, when it holds {@code required}; otherwise the 401 or 403 problem. */
    public static Caller authorize(APIGatewayV2HTTPEvent event, Role required) {
        Caller caller = Caller.of(event).orElseThrow(() -> new RequestRejectedException(Problem.unauthenticated()));
        if (!caller.may(required)) {
            throw new RequestRejectedException(Problem.forbidden(required));
        }
        return caller;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParameter(String name) {
        return event.getQueryStringParameters() == null ? Optional.empty()
                : Optional.ofNullable(event.getQueryStringParameters().get(name));
    }

    /** The client's correlation id when it is sane, else API Gateway's request id (always present). */
    public String correlationId() {
        return header(CORRELATION_ID).map(String::trim).filter(ApiRequest::isPrintableId)
                .orElseGet(() -> {
                    String requestId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
                    return requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
                });
    }

    /** The {@code Idempotency-Key} header if sent; a malformed one is added to {@code errors}. */
    public Optional<String> idempotencyKey(List<FieldError> errors) {
        Optional<String> key = header(IDEMPOTENCY_KEY);
        if (key.isPresent() && !isPrintableId(key.get())) {
            errors.add(new FieldError(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters"));
            return Optional.empty();
        }
        return key;
    }

    /** The {@code {id}} path parameter as a UUID; a missing or malformed one is added to {@code errors}. */
    public Optional<UUID> pathId(List<FieldError> errors) {
        return pathId("id", errors);
    }

    /** A path parameter as a UUID; a missing or malformed one is added to {@code errors}. */
    public Optional<UUID> pathId(String name, List<FieldError> errors) {
        Optional<UUID> parsed = Uuids.parse(event.getPathParameters() == null ? null : event.getPathParameters().get(name));
        if (parsed.isEmpty()) {
            errors.add(new FieldError(name, "must be a UUID"));
        }
        return parsed;
    }

    /**
     * The body as a JSON object.
     *
     * @throws RequestRejectedException 400 when absent, not UTF-8 or not JSON (MALFORMED_JSON) or
     *                                  not an object; 413 when over 64 KiB; 415 when not declared JSON
     */
    public ObjectNode jsonObjectBody() {
        String raw = event.getBody();
        if (raw == null || raw.isEmpty()) {
            throw RequestRejectedException.validation(List.of(new FieldError("", "a JSON object body is required")));
        }
        byte[] bytes = bodyBytes(raw);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (!declaresJson(header("content-type").orElse(""))) {
            throw new RequestRejectedException(Problem.of(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
                    "send the body as application/json"));
        }
        JsonNode body;
        try {
            body = STRICT_READER.readTree(strictUtf8(bytes));
        } catch (JacksonException e) {
            // The parser's message would echo the body: say where, not what.
            throw malformed("the body is not valid JSON (" + Json.whereInvalid(e) + ")");
        }
        if (body == null || !body.isObject()) {
            throw RequestRejectedException.validation(List.of(new FieldError("", "the body must be a JSON object")));
        }
        return (ObjectNode) body;
    }

    /** Names every member of {@code body} outside {@code known} in {@code errors}: a misspelt field is never ignored silently. */
    public static void rejectUnknownFields(ObjectNode body, List<String> known, List<FieldError> errors) {
        body.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                errors.add(new FieldError("/" + field, "is not a known field"));
            }
        });
    }

    /**
     * API Gateway hands binary (and unknown-type) bodies over base64-encoded; text ones as
     * strings. A text body is measured in UTF-8 without copying it when it is obviously too big.
     */
    private byte[] bodyBytes(String raw) {
        if (event.getIsBase64Encoded()) {
            if (raw.length() > (MAX_BODY_BYTES / 3 + 1) * 4 + 4) {
                throw tooLarge();
            }
            try {
                return Base64.getDecoder().decode(raw.strip());
            } catch (IllegalArgumentException e) {
                throw malformed("the body is marked base64 but is not valid base64");
            }
        }
        if (raw.length() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("the body is not valid UTF-8");
        }
    }

    private static RequestRejectedException tooLarge() {
        return new RequestRejectedException(Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "the body is larger than " + MAX_BODY_BYTES + " bytes"));
    }

    private static RequestRejectedException malformed(String detail) {
        return new RequestRejectedException(Problem.of(400, "MALFORMED_JSON", "Malformed JSON", detail));
    }

    /** {@code application/json}, optionally with a UTF-8 charset parameter; JSON is UTF-8 only. */
    static boolean declaresJson(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    /** 1 to 128 characters, each printable ASCII (space to tilde). */
    static boolean isPrintableId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_HEADER_ID_LENGTH || value.isBlank()) {
            return false;
        }
        return value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }
}
