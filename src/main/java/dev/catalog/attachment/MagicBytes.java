package dev.catalog.attachment;

import java.util.Map;

/**
 * The leading bytes each known media type must start with. A declared type is trusted only when
 * the content agrees: a renamed executable does not become a PDF by calling itself one.
 */
final class MagicBytes {
    /** Enough for every signature below; the inspector keeps this many leading bytes. */
    public static final int HEAD_LENGTH = 8;

    private static final Map<String, byte[]> SIGNATURES = Map.of(
            "application/pdf", new byte[] {'%', 'P', 'D', 'F', '-'},
            "image/png", new byte[] {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A},
            "image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});

    private MagicBytes() {
    }

    /** True when a signature is known for {@code mediaType}. */
    public static boolean knows(String mediaType) {
        return SIGNATURES.containsKey(mediaType);
    }

    /**
     * True when {@code head} (the first {@code length} bytes of the content) starts with the
     * signature of {@code mediaType}. A type without a known signature never matches, so that
     * configuring a new type forces someone to add its signature here.
     */
    public static boolean matches(String mediaType, byte[] head, int length) {
        byte[] signature = SIGNATURES.get(mediaType);
        if (signature == null || length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
