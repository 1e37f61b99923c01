package dev.catalog.attachment;

import dev.catalog.queue.MessageText;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * File names are display data only: they never become part of an object key. They are cleaned
 * before they are stored or shown, and travel as percent-encoded S3 user metadata because S3
 * metadata headers are ASCII only.
 */
public final class FileNames {
    /** The longest name kept, in code points (file systems commonly allow 255). */
    public static final int MAX_LENGTH = 255;
    /** What a name that is empty after cleaning becomes. */
    public static final String FALLBACK = "attachment";

    private FileNames() {
    }

    /**
     * The last path segment (browsers and tools send {@code C:\fakepath\x.pdf} or {@code a/b/x.pdf}),
     * without control characters or anything a message cannot carry (unpaired surrogates, U+FFFF:
     * the name travels in the attachment's events), trimmed, at most 255 code points.
     */
    public static String sanitise(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        int lastSeparator = Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\'));
        String segment = raw.substring(lastSeparator + 1);
        StringBuilder clean = new StringBuilder(segment.length());
        segment.codePoints()
                .filter(c -> !isControl(c) && MessageText.isCarried(c))
                .forEach(clean::appendCodePoint);
        String trimmed = clean.toString().strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
            trimmed = trimmed.substring(0, trimmed.offsetByCodePoints(0, MAX_LENGTH)).strip();
        }
        if (trimmed.isEmpty() || trimmed.equals(".") || trimmed.equals("..")) {
            return FALLBACK;
        }
        return trimmed;
    }

    /** UTF-8 percent-encoding with spaces as {@code %20}: ASCII only, safe in a metadata header. */
    public static String toMetadata(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The inverse of {@link #toMetadata(String)}; a malformed value is treated as absent. */
    public static String fromMetadata(String encoded) {
        if (encoded == null) {
            return null;
        }
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** C0, DEL, C1, and the Unicode line and paragraph separators. */
    private static boolean isControl(int c) {
        return c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }
}
