package dev.catalog.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads an upload once, through a fixed buffer, computing what the processor decides on: size,
 * SHA-256 and the leading bytes. Memory stays the buffer's size whatever the file's.
 */
public final class UploadInspector {
    static final int BUFFER_BYTES = 64 * 1024;

    private UploadInspector() {
    }

    /**
     * @param head the first {@link MagicBytes#HEAD_LENGTH} bytes (fewer if the file is shorter: see {@code headLength})
     * @param sha256 lower-case hex; null when reading stopped at the limit
     * @param exceededLimit true when more than the limit arrived (reading stopped there)
     */
    public record Inspection(long sizeBytes, String sha256, byte[] head, int headLength, boolean exceededLimit) {
        public Inspection {
            head = head.clone();
        }

        @Override
        public byte[] head() {
            return head.clone();
        }
    }

    /** Reads at most {@code maxBytes + 1} bytes of {@code content}; the caller closes it. */
    public static Inspection inspect(InputStream content, long maxBytes) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        byte[] head = new byte[MagicBytes.HEAD_LENGTH];
        int headLength = 0;
        long total = 0;
        int read;
        while ((read = content.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1 - total))) > 0) {
            if (headLength < head.length) {
                int take = Math.min(head.length - headLength, read);
                System.arraycopy(buffer, 0, head, headLength, take);
                headLength += take;
            }
            total += read;
            if (total > maxBytes) {
                return new Inspection(total, null, head, headLength, true);
            }
            sha256.update(buffer, 0, read);
        }
        return new Inspection(total, HexFormat.of().formatHex(sha256.digest()), Arrays.copyOf(head, head.length), headLength, false);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
