package dev.catalog.command.api;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** UUIDs as the API accepts and derives them. */
final class Uuids {
    /** The canonical 8-4-4-4-12 form only: {@link UUID#fromString} would also accept "1-2-3-4-5". */
    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Uuids() {
    }

    static Optional<UUID> parse(String value) {
        return value != null && CANONICAL.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }

    /**
     * The command id for a caller's idempotency key: the same key from the same caller always
     * names the same command, and two callers' keys never collide. The subject's length comes
     * first so that ("ab", "c") and ("a", "bc") differ.
     */
    static UUID commandIdFor(String callerSub, String idempotencyKey) {
        String name = callerSub.length() + ":" + callerSub + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
