package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** File-name sanitising, key decoding, magic bytes and the streaming inspector: no I/O. */
class AttachmentRulesTest {

    @Test
    void fileNamesLosePathsControlCharactersAndExcessLength() {
        assertEquals("passwd", FileNames.sanitise("../../etc/passwd"));
        assertEquals("report.pdf", FileNames.sanitise("C:\\fakepath\\report.pdf"));
        assertEquals("ab.pdf", FileNames.sanitise("  a\u0000b\u001f.pdf\r\n "));
        assertEquals(FileNames.FALLBACK, FileNames.sanitise("folder/"));
        assertEquals(FileNames.FALLBACK, FileNames.sanitise(".."));
        assertEquals(FileNames.FALLBACK, FileNames.sanitise(null));
        String long300 = "é".repeat(300) + ".pdf";
        assertEquals(255, FileNames.sanitise(long300).codePointCount(0, FileNames.sanitise(long300).length()));
        String emoji = "😀".repeat(300);
        String cut = FileNames.sanitise(emoji);
        assertEquals(255, cut.codePointCount(0, cut.length()), "cut on code points, never inside a surrogate pair");
        assertEquals("Bild für Würfel (1).png", FileNames.sanitise("Bild für Würfel (1).png"));
    }

    @Test
    void fileNamesRoundTripThroughAsciiMetadata() {
        String name = "Bild für Würfel + 1%.png";
        String encoded = FileNames.toMetadata(name);
        assertTrue(encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f), encoded);
        assertEquals(name, FileNames.fromMetadata(encoded));
        assertNull(FileNames.fromMetadata("%zz"));
    }

    @Test
    void eventKeysAreDecodedAsFormValues() {
        assertEquals("incoming/p/Bild für Würfel.txt", dev.catalog.queue.S3ObjectCreated.decodeKey("incoming/p/Bild+f%C3%BCr+W%C3%BCrfel.txt"));
        assertEquals("a+b c", dev.catalog.queue.S3ObjectCreated.decodeKey("a%2Bb+c"));
        assertThrows(dev.catalog.queue.MalformedMessageException.class, () -> dev.catalog.queue.S3ObjectCreated.decodeKey("bad%zzkey"));
    }

    @Test
    void onlyIssuedIncomingKeysParse() {
        UUID product = UUID.randomUUID();
        UUID attachment = UUID.randomUUID();
        assertEquals(Optional.of(new AttachmentKeys.AttachmentRef(product, attachment)),
                AttachmentKeys.parseIncoming(AttachmentKeys.incoming(product, attachment)));
        assertEquals("attachments/" + product + "/" + attachment, AttachmentKeys.stored(product, attachment));
        assertTrue(AttachmentKeys.parseIncoming("incoming/" + product + "/" + attachment + "/x").isEmpty());
        assertTrue(AttachmentKeys.parseIncoming("incoming/../" + attachment).isEmpty());
        assertTrue(AttachmentKeys.parseIncoming("imports/" + product + "/" + attachment).isEmpty());
    }

    @Test
    void mediaTypesAreReducedToTheirEssence() {
        assertEquals(Optional.of("application/pdf"), MediaTypes.essence("Application/PDF; charset=binary"));
        assertEquals(Optional.of("image/png"), MediaTypes.essence(" image/png "));
        assertTrue(MediaTypes.essence("pdf").isEmpty());
        assertTrue(MediaTypes.essence("").isEmpty());
        assertTrue(MediaTypes.essence(null).isEmpty());
    }

    @Test
    void magicBytesMustMatchTheDeclaredType() {
        byte[] pdf = "%PDF-1.7\n".getBytes();
        byte[] png = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0, 0};
        assertTrue(MagicBytes.matches("application/pdf", pdf, pdf.length));
        assertTrue(MagicBytes.matches("image/png", png, png.length));
        assertTrue(MagicBytes.matches("image/jpeg", jpeg, jpeg.length));
        assertFalse(MagicBytes.matches("image/png", pdf, pdf.length));
        assertFalse(MagicBytes.matches("application/pdf", png, png.length));
        assertFalse(MagicBytes.matches("image/jpeg", png, png.length));
        assertFalse(MagicBytes.matches("application/pdf", pdf, 3), "a file shorter than the signature");
        assertFalse(MagicBytes.matches("text/plain", pdf, pdf.length), "no signature known: never trusted");
    }

    @Test
    void theInspectorHashesWhatItStreamsAndStopsAtTheLimit() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(7).nextBytes(content);
        content[0] = '%';
        UploadInspector.Inspection within = UploadInspector.inspect(new ByteArrayInputStream(content), content.length);
        assertEquals(content.length, within.sizeBytes());
        assertFalse(within.exceededLimit());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), within.sha256());
        assertEquals('%', within.head()[0]);
        assertEquals(MagicBytes.HEAD_LENGTH, within.headLength());

        CountingStream endless = new CountingStream();
        UploadInspector.Inspection over = UploadInspector.inspect(endless, 100_000);
        assertTrue(over.exceededLimit());
        assertNull(over.sha256());
        assertEquals(100_001, endless.served, "reads one byte past the limit and no further");

        UploadInspector.Inspection empty = UploadInspector.inspect(new ByteArrayInputStream(new byte[0]), 10);
        assertEquals(0, empty.sizeBytes());
        assertEquals(0, empty.headLength());
        assertArrayEquals(new byte[MagicBytes.HEAD_LENGTH], empty.head());
    }

    /** An endless stream of zero bytes that counts what it served. */
    private static final class CountingStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            served += length;
            return length;
        }
    }
}
