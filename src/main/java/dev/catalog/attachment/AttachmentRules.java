package dev.catalog.attachment;

import dev.catalog.config.CatalogSettings;
import java.util.Set;

/**
 * What an attachment may be: one of the allowed media types and at most {@code maxBytes} long.
 * The API refuses anything else before issuing a URL; the upload processor checks again on the
 * bytes that actually arrived.
 */
public record AttachmentRules(Set<String> allowedTypes, long maxBytes) {

    public AttachmentRules {
        allowedTypes = Set.copyOf(allowedTypes);
    }

    public static AttachmentRules from(CatalogSettings settings) {
        return new AttachmentRules(settings.attachmentAllowedTypes(), settings.attachmentMaxBytes());
    }

    /** {@code mediaType} without parameters, lower-cased, as {@link MediaTypes#essence(String)} gives it. */
    public boolean allows(String mediaType) {
        return allowedTypes.contains(mediaType);
    }
}
