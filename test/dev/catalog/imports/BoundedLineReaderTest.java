package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of an import file: bounded, UTF-8 strictly per line, LF or CRLF, whatever sizes the stream hands out; no I/O. */
class BoundedLineReaderTest {

    @Test
    void readsLfAndCrlfLinesAndALastLineWithoutAnEnd() throws IOException {
        assertEquals(List.of("1 first", "2 second", "3 ", "4 last"), lines("first\nsecond\r\n\nlast", 100));
    }

    @Test
    void aFinalLineEndAddsNoEmptyLineAndAnEmptyFileHasNone() throws IOException {
        assertEquals(List.of("1 only"), lines("only\n", 100));
        assertEquals(List.of(), lines("", 100));
        assertEquals(List.of("1 "), lines("\n", 100));
    }

    @Test
    void aCarriageReturnInsideALineIsKept() throws IOException {
        assertEquals(List.of("1 a\rb"), lines("a\rb\n", 100));
    }

    @Test
    void aLineOfExactlyTheLimitIsReadAndOneCharacterMoreIsTooLongAndConsumedToItsEnd() throws IOException {
        String limit = "x".repeat(10);
        assertEquals(List.of("1 " + limit, "2 TOO LONG", "3 next"), lines(limit + "\n" + limit + "y\nnext\n", 10));
    }

    @Test
    void theLimitCountsCharactersNotBytes() throws IOException {
        // Ten three-byte characters are ten characters: within a limit of ten.
        assertEquals(List.of("1 " + "€".repeat(10)), lines("€".repeat(10), 10));
        // Six emoji are twelve UTF-16 units: beyond it.
        assertEquals(List.of("1 TOO LONG", "2 ok"), lines("📦".repeat(6) + "\nok", 10));
    }

    @Test
    void aLineFarLongerThanTheBufferIsTooLongAndTheNextLineReadsOn() throws IOException {
        assertEquals(List.of("1 TOO LONG", "2 after"), lines("z".repeat(300_000) + "\r\nafter\n", 16 * 1024));
    }

    @Test
    void bytesThatAreNotUtf8SpoilOnlyTheirOwnLine() throws IOException {
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF})) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes("Café\nCaf".getBytes(StandardCharsets.UTF_8));
            file.writeBytes(bad);
            file.writeBytes(" desk\nZürich\n".getBytes(StandardCharsets.UTF_8));

            assertEquals(List.of("1 Café", "2 NOT UTF-8", "3 Zürich"), lines(file.toByteArray(), 100, false));
        }
    }

    @Test
    void charactersSplitAcrossReadsDecodeWhole() throws IOException {
        String text = "Crème brûlée 📦\nZürich\r\n";
        assertEquals(List.of("1 Crème brûlée 📦", "2 Zürich"), lines(text.getBytes(StandardCharsets.UTF_8), 100, true));
    }

    @Test
    void lineNumbersCountEveryLineIncludingTooLongAndBadOnes() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(("a\n" + "b".repeat(20) + "\n").getBytes(StandardCharsets.UTF_8));
        file.write(0xFF);
        file.writeBytes("\nd".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of("1 a", "2 TOO LONG", "3 NOT UTF-8", "4 d"), lines(file.toByteArray(), 5, true));
    }

    @Test
    void afterTheEndItKeepsAnsweringNull() throws IOException {
        BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream("a".getBytes(StandardCharsets.UTF_8)), 10);
        assertEquals("a", reader.next().text());
        assertNull(reader.next());
        assertNull(reader.next());
    }

    private static List<String> lines(String text, int maxChars) throws IOException {
        return lines(text.getBytes(StandardCharsets.UTF_8), maxChars, false);
    }

    /** @param oneByteAtATime a stream that hands out one byte per read, as a slow network may */
    private static List<String> lines(byte[] bytes, int maxChars, boolean oneByteAtATime) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        if (oneByteAtATime) {
            InputStream whole = in;
            in = new InputStream() {
                @Override
                public int read() throws IOException {
                    return whole.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return whole.read(buffer, offset, Math.min(1, length));
                }
            };
        }
        BoundedLineReader reader = new BoundedLineReader(in, maxChars);
        List<String> lines = new ArrayList<>();
        for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
            String text = line.tooLong() ? "TOO LONG" : line.notUtf8() ? "NOT UTF-8" : line.text();
            assertEquals(line.text() == null, line.tooLong() || line.notUtf8(), "text only for a good line");
            lines.add(line.number() + " " + text);
        }
        return lines;
    }
}
