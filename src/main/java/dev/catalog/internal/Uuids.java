package dev.catalog.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one reading of ids: the canonical 8-4-4-4-12 hex form only, since {@link UUID#fromString}
 * also takes forms such as {@code 1-2-3-4-5} and would turn them into other ids.
 */
public final class Uuids {
    /** An id as {@link UUID#toString()} writes it (lower case): the form inside keys and tokens this code issued. */
    public static final String ISSUED_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern CANONICAL = Pattern.compile(ISSUED_FORM, Pattern.CASE_INSENSITIVE);
    private static final Pattern ISSUED = Pattern.compile(ISSUED_FORM);

    private Uuids() {
    }

    /** The id in canonical form, upper or lower case, as clients may send it; empty for anything else (null included). */
    public static Optional<UUID> parse(String text) {
        return text != null && CANONICAL.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    /** The id in the lower-case form this code issues; empty for any other text. */
    public static Optional<UUID> parseIssued(String text) {
        return text != null && ISSUED.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }
}
