package dev.catalog.attachment;

import dev.catalog.internal.Uuids;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of attachments: built from ids only, so no user input ever reaches a key.
 * Uploads arrive under {@code incoming/}, accepted files live under {@code attachments/}.
 */
public final class AttachmentKeys {
    public static final String INCOMING_PREFIX = "incoming/";
    public static final String STORED_PREFIX = "attachments/";
    private static final Pattern INCOMING = Pattern.compile("^incoming/(" + Uuids.ISSUED_FORM + ")/(" + Uuids.ISSUED_FORM + ")$");

    private AttachmentKeys() {
    }

    /** The ids an incoming key names. */
    public record AttachmentRef(UUID productId, UUID attachmentId) {
    }

    public static String incoming(UUID productId, UUID attachmentId) {
        return INCOMING_PREFIX + productId + "/" + attachmentId;
    }

    public static String stored(UUID productId, UUID attachmentId) {
        return STORED_PREFIX + productId + "/" + attachmentId;
    }

    /** The ids in a decoded incoming key; empty for any key this API did not issue. */
    public static Optional<AttachmentRef> parseIncoming(String key) {
        Matcher matcher = INCOMING.matcher(key);
        return matcher.matches()
                ? Optional.of(new AttachmentRef(UUID.fromString(matcher.group(1)), UUID.fromString(matcher.group(2))))
                : Optional.empty();
    }
}
