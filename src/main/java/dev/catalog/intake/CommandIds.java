package dev.catalog.intake;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Command ids as the API derives them from idempotency keys. */
final class CommandIds {
    private CommandIds() {
    }

    /**
     * The command id for a caller's idempotency key: the same key from the same caller always
     * names the same command, and two callers' keys never collide. The subject's length comes
     * first so that ("ab", "c") and ("a", "bc") differ.
     */
    static UUID forIdempotencyKey(String callerSub, String idempotencyKey) {
        String name = callerSub.length() + ":" + callerSub + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
