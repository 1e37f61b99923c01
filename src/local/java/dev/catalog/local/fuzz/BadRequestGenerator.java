package dev.catalog.local.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates requests the API must refuse with a 4xx: malformed JSON, wrong types, huge strings,
 * invalid UTF-8, header abuse, path tricks, missing and forged tokens. Seeded, so a failing run
 * can be replayed.
 */
public final class BadRequestGenerator {
    private static final List<String> WRITE_ROUTES = List.of("POST /v1/products", "PATCH /v1/products/{id}", "POST /v1/commands");
    private static final List<String> ALL_ROUTES = List.of("POST /v1/products", "PATCH /v1/products/{id}", "DELETE /v1/products/{id}",
            "POST /v1/commands", "GET /v1/commands/{id}", "GET /v1/products/{id}", "GET /v1/products");
    private static final List<Object> WRONG_VALUES = List.of(42, -1, 1.5, true, "null", List.of(), List.of("a"), Map.of("x", 1));

    private final Random random;

    public BadRequestGenerator(long seed) {
        this.random = new Random(seed);
    }

    public List<FuzzRequest> generate(int count) {
        List<FuzzRequest> requests = new ArrayList<>(count);
        while (requests.size() < count) {
            requests.add(switch (requests.size() % 8) {
                case 0 -> malformedJson();
                case 1 -> wrongType();
                case 2 -> hugeString();
                case 3 -> invalidUtf8();
                case 4 -> headerAbuse();
                case 5 -> pathTrick();
                case 6 -> badToken();
                default -> unknownOrMissingField();
            });
        }
        return requests;
    }

    private FuzzRequest malformedJson() {
        String valid = validBody(pick(WRITE_ROUTES));
        String broken = switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + "}";
            case 2 -> valid.replace(":", "=");
            case 3 -> valid.replace("\"", "'");
            default -> "{\"name\": \"ok\",}";
        };
        String route = pick(WRITE_ROUTES);
        return request("malformed-json", route, jsonHeaders(), broken.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest wrongType() {
        String route = pick(WRITE_ROUTES);
        Object wrong = WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()));
        String value = wrong instanceof String text ? text : toJson(wrong);
        String body = route.equals("POST /v1/commands")
                ? "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": " + value + "}}]}"
                : route.startsWith("PATCH") && random.nextBoolean() ? "{\"name\": \"ok\", \"expectedVersion\": " + (wrong instanceof Integer ? "\"7\"" : value) + "}"
                : "{\"name\": " + value + "}";
        return request("wrong-type", route, jsonHeaders(), body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest hugeString() {
        int length = List.of(201, 4001, 20_000, 70_000).get(random.nextInt(4));
        String field = length == 4001 ? "description" : "name";
        String body = "{\"name\": \"ok\", \"" + field + "\": \"" + "x".repeat(length) + "\"}";
        if (field.equals("name")) {
            body = "{\"name\": \"" + "n".repeat(length) + "\"}";
        }
        return request("huge-string", random.nextBoolean() ? "POST /v1/products" : "PATCH /v1/products/{id}", jsonHeaders(),
                body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest invalidUtf8() {
        byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] prefix = "{\"name\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        Map<String, String> headers = random.nextBoolean() ? Map.of("content-type", "application/octet-stream") : jsonHeaders();
        return request("invalid-utf8", "POST /v1/products", headers, body, "editor");
    }

    private FuzzRequest headerAbuse() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> headers.put("content-type", "text/plain");
            case 1 -> headers.put("content-type", "application/json; charset=latin1");
            case 2 -> {
                headers.putAll(jsonHeaders());
                headers.put("Idempotency-Key", "k".repeat(129 + random.nextInt(500)));
            }
            case 3 -> headers.put("content-type", "application/xml");
            default -> {
                // (A non-ASCII key cannot be sent: Java's HTTP client turns it into '?', a valid key.)
                headers.putAll(jsonHeaders());
                headers.put("Idempotency-Key", " ".repeat(1 + random.nextInt(3)));
            }
        }
        return request("header-abuse", "POST /v1/products", headers, "{\"name\": \"ok\"}".getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest pathTrick() {
        String id = List.of("not-a-uuid", "%2e%2e", "..%2f..%2fcommands", "123", "%00", UUID.randomUUID() + "x",
                "%F0%9F%98%80", "x".repeat(300), "%25").get(random.nextInt(9));
        String route = pick(List.of("PATCH /v1/products/{id}", "DELETE /v1/products/{id}", "GET /v1/products/{id}", "GET /v1/commands/{id}"));
        String[] parts = route.split(" ", 2);
        byte[] body = parts[0].equals("PATCH") ? "{\"name\": \"ok\"}".getBytes(StandardCharsets.UTF_8) : null;
        return new FuzzRequest("path-trick", parts[0], parts[1].replace("{id}", id), body == null ? Map.of() : jsonHeaders(), body, "editor");
    }

    private FuzzRequest badToken() {
        String token = List.of("none", "forged", "expired", "foreign-audience", "unsigned", "garbage").get(random.nextInt(6));
        String route = pick(ALL_ROUTES);
        byte[] body = route.startsWith("GET") || route.startsWith("DELETE") ? null : validBody(route).getBytes(StandardCharsets.UTF_8);
        return request("token-" + token, route, body == null ? Map.of() : jsonHeaders(), body, token);
    }

    private FuzzRequest unknownOrMissingField() {
        String route = pick(WRITE_ROUTES);
        String body = switch (random.nextInt(4)) {
            case 0 -> "{}";
            case 1 -> "{\"name\": \"ok\", \"admin\": true}";
            case 2 -> "{\"commands\": []}";
            default -> "[]";
        };
        if (route.startsWith("PATCH") && body.equals("{}")) {
            body = "{\"expectedVersion\": 1}";
        }
        return request("unknown-or-missing-field", route, jsonHeaders(), body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest request(String kind, String route, Map<String, String> headers, byte[] body, String token) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("{id}", UUID.randomUUID().toString());
        return new FuzzRequest(kind, parts[0], path, headers, body, token);
    }

    private static String validBody(String route) {
        return route.equals("POST /v1/commands")
                ? "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"Fuzzed lamp\"}}]}"
                : "{\"name\": \"Fuzzed lamp\", \"description\": \"from the fuzz suite\"}";
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("content-type", "application/json");
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
