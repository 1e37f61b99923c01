package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The one pass over an upload: the leading bytes, size and SHA-256 are right however the stream delivers its bytes. */
class UploadInspectorTest {

    @Test
    void keepsTheLeadingBytesWhenTheStreamDeliversOneByteAtATime() throws Exception {
        assertLeadingBytesKept(1);
    }

    @Test
    void keepsTheLeadingBytesWhenTheHeadArrivesAcrossTwoReads() throws Exception {
        assertLeadingBytesKept(MagicBytes.HEAD_LENGTH - 3);
    }

    private static void assertLeadingBytesKept(int bytesPerRead) throws Exception {
        byte[] content = numbered(MagicBytes.HEAD_LENGTH + 37);

        UploadInspector.Inspection inspection = UploadInspector.inspect(trickle(content, bytesPerRead), content.length);

        assertEquals(MagicBytes.HEAD_LENGTH, inspection.headLength());
        assertArrayEquals(Arrays.copyOf(content, MagicBytes.HEAD_LENGTH), Arrays.copyOf(inspection.head(), MagicBytes.HEAD_LENGTH));
        assertEquals(content.length, inspection.sizeBytes());
        assertEquals(sha256(content), inspection.sha256());
        assertFalse(inspection.exceededLimit());
    }

    @Test
    void aFileShorterThanTheHeadKeepsAllItsBytes() throws Exception {
        byte[] content = numbered(3);

        UploadInspector.Inspection inspection = UploadInspector.inspect(trickle(content, 1), 10);

        assertEquals(3, inspection.headLength());
        assertArrayEquals(content, Arrays.copyOf(inspection.head(), 3));
        assertEquals(3, inspection.sizeBytes());
    }

    @Test
    void stopsOneByteAfterTheLimitAndOnlyThen() throws Exception {
        byte[] content = numbered(200);

        UploadInspector.Inspection atLimit = UploadInspector.inspect(new ByteArrayInputStream(content), 200);
        UploadInspector.Inspection over = UploadInspector.inspect(new ByteArrayInputStream(content), 199);

        assertFalse(atLimit.exceededLimit());
        assertEquals(sha256(content), atLimit.sha256());
        assertTrue(over.exceededLimit());
        assertEquals(200, over.sizeBytes());
        assertNull(over.sha256());
    }

    private static byte[] numbered(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 7 + 1);
        }
        return content;
    }

    /** A stream that hands out a few bytes per read, as a slow network can. */
    private static InputStream trickle(byte[] content, int bytesPerRead) {
        return new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(bytesPerRead, length));
            }
        };
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
