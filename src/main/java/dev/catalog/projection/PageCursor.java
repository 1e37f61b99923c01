package dev.catalog.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.internal.Json;
import dev.catalog.internal.Uuids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a page of the name listing ended: the key of its last item (the listing's
 * {@code LastEvaluatedKey} without its constant partition value).
 *
 * <p>Clients see it only as an opaque base64url token. It is not signed — a client can only ever
 * move its own position within the public listing — but it is checked on the way back so that a
 * damaged or foreign token is answered with a 400 naming {@code cursor}, never handed to the store.
 */
public record PageCursor(UUID productId, String nameKey) {
    /** Generous for a 200-character name in 4-byte UTF-8, the id and the JSON around them. */
    static final int MAX_ENCODED_LENGTH = 2048;
    private static final ObjectMapper JSON = Json.mapper();

    public PageCursor {
        Objects.requireNonNull(productId, "productId");
        if (nameKey == null || !nameKey.endsWith("#" + productId)) {
            throw new InvalidCursorException("cursor position does not belong to its product");
        }
    }

    /** The position after the given item. */
    public static PageCursor after(ProductView view) {
        return new PageCursor(view.productId(), view.nameKey());
    }

    /** The opaque token handed to clients: base64url, without padding, of the position as JSON. */
    public String encode() {
        try {
            byte[] json = JSON.writeValueAsBytes(new Position(productId.toString(), nameKey));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cursor cannot be written", e);
        }
    }

    /**
     * Reads a token issued by {@link #encode()} for a listing of {@code lowerCasePrefix}.
     *
     * @throws InvalidCursorException when the token is not one this API issued for that prefix
     */
    public static PageCursor decode(String token, String lowerCasePrefix) {
        if (token.isEmpty() || token.length() > MAX_ENCODED_LENGTH) {
            throw new InvalidCursorException("cursor has an impossible length");
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("cursor is not base64url");
        }
        Position position;
        try {
            position = JSON.readValue(new String(json, StandardCharsets.UTF_8), Position.class);
        } catch (JsonProcessingException e) {
            throw new InvalidCursorException("cursor is not a listing position");
        }
        UUID productId = Uuids.parseIssued(position == null ? null : position.productId())
                .orElseThrow(() -> new InvalidCursorException("cursor is not a listing position"));
        PageCursor cursor = new PageCursor(productId, position.nameKey());
        if (!cursor.nameKey().startsWith(lowerCasePrefix)) {
            // A cursor of another listing would silently skip or repeat products of this one.
            throw new InvalidCursorException("cursor belongs to a listing with another prefix");
        }
        return cursor;
    }

    /** The JSON shape inside the token. */
    record Position(String productId, String nameKey) {
    }
}
