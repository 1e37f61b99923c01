package dev.catalog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {
    private static final UUID DESK = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final PageCursor CURSOR = new PageCursor(DESK, "walnut desk#" + DESK);

    @Test
    void roundTripsThroughAnUrlSafeToken() {
        String token = CURSOR.encode();

        assertFalse(token.contains("=") || token.contains("+") || token.contains("/"), token);
        assertEquals(CURSOR, PageCursor.decode(token, "wal"));
        assertEquals(CURSOR, PageCursor.decode(token, ""));
    }

    @Test
    void rejectsTokensThatAreNotBase64url() {
        assertInvalid("not a cursor!", "");
        assertInvalid("", "");
        assertInvalid("A".repeat(PageCursor.MAX_ENCODED_LENGTH + 1), "");
    }

    @Test
    void rejectsPositionsOfAnotherShape() {
        assertInvalid(token("{\"productId\":\"" + DESK + "\",\"nameKey\":\"walnut desk#" + DESK + "\",\"extra\":1}"), "");
        assertInvalid(token("{\"productId\":\"" + DESK + "\"}"), "");
        assertInvalid(token("[1,2]"), "");
        assertInvalid(token("{\"productId\":\"1-1-1-1-1\",\"nameKey\":\"x#1-1-1-1-1\"}"), "");
    }

    @Test
    void rejectsANameKeyOfAnotherProduct() {
        assertInvalid(token("{\"productId\":\"" + DESK + "\",\"nameKey\":\"walnut desk#0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e02\"}"), "");
    }

    @Test
    void rejectsAPositionOutsideThePrefix() {
        assertInvalid(CURSOR.encode(), "oak");
    }

    private static void assertInvalid(String token, String prefix) {
        assertThrows(InvalidCursorException.class, () -> PageCursor.decode(token, prefix), token);
    }

    private static String token(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
