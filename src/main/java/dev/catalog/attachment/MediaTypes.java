package dev.catalog.attachment;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Media types as attachments use them: the essence only (type/subtype), never parameters. */
final class MediaTypes {
    private static final Pattern ESSENCE = Pattern.compile("^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$");

    private MediaTypes() {
    }

    /**
     * The lower-cased {@code type/subtype} of a Content-Type value, parameters dropped; empty when
     * it is not a media type. S3Proxy refuses signed content types with parameters, and the
     * parameters of the types we accept (PDF, PNG, JPEG) mean nothing anyway.
     */
    public static Optional<String> essence(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String essence = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return ESSENCE.matcher(essence).matches() ? Optional.of(essence) : Optional.empty();
    }
}
