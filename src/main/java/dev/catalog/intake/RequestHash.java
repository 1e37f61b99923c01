package dev.catalog.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Hex SHA-256 of caller, route and canonical request: equal for a retry of the same request
 * (whatever the member order or whitespace it was sent with), different for anything else sent
 * under the same idempotency key.
 */
public final class RequestHash {
    private RequestHash() {
    }

    public static String of(String callerSub, String route, ValidatedCommand command) {
        ObjectNode canonical = Json.mapper().createObjectNode();
        canonical.put("type", command.type());
        canonical.put("productId", command.productId() == null ? null : command.productId().toString());
        canonical.set("fields", sorted(command.fields()));
        String text;
        try {
            text = callerSub.length() + ":" + callerSub + "\n" + route + "\n" + Json.mapper().writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request cannot be written as JSON", e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        TreeMap<String, JsonNode> members = new TreeMap<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            members.put(name, sorted(node.get(name)));
        }
        ObjectNode result = Json.mapper().createObjectNode();
        members.forEach(result::set);
        return result;
    }
}
