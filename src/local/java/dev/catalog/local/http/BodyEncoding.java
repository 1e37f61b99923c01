package dev.catalog.local.http;

import java.util.Locale;

/** Which request bodies reach the handler as text and which as base64. */
final class BodyEncoding {
    private BodyEncoding() {}

    static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/")
                || mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"))
                || mediaType.equals("application/xml")
                || mediaType.equals("application/x-www-form-urlencoded");
    }
}
