package dev.catalog.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines (LF or CRLF) of at most a fixed length, so one enormous line cannot fill the heap.
 * A longer line is consumed to its end and reported as {@link Line#tooLong()}. Each line is decoded
 * on its own and strictly: bytes that are not UTF-8 make that line {@link Line#notUtf8()} rather
 * than text with U+FFFD in it that a row would then carry into a product, and the next line reads on.
 */
final class BoundedLineReader {
    /** The most UTF-8 bytes one UTF-16 unit takes (three; a four-byte sequence is two units). */
    private static final int MAX_BYTES_PER_CHAR = 3;

    private final InputStream in;
    private final int maxChars;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line;
    private int lineLength;
    private int position;
    private int limit;
    private int lineNumber;

    BoundedLineReader(InputStream in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
        this.maxBytes = maxChars * MAX_BYTES_PER_CHAR;
        this.line = new byte[Math.min(maxBytes, 1024)];
    }

    /** @param text null when {@code tooLong} or {@code notUtf8} */
    record Line(int number, String text, boolean tooLong, boolean notUtf8) {
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        lineLength = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                position = 0;
                limit = read;
                continue;
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            if (!tooLong) {
                tooLong = !append(position, end - position);
            }
            boolean endOfLine = end < limit;
            position = endOfLine ? end + 1 : end;
            if (endOfLine) {
                break;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        if (tooLong) {
            return new Line(lineNumber, null, true, false);
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        String text;
        try {
            text = decoder.reset().decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
        } catch (CharacterCodingException e) {
            return new Line(lineNumber, null, false, true);
        }
        return text.length() > maxChars ? new Line(lineNumber, null, true, false) : new Line(lineNumber, text, false, false);
    }

    /** Adds {@code count} bytes from the buffer to the line; false, adding nothing, when the line would outgrow the limit. */
    private boolean append(int from, int count) {
        if (lineLength + count > maxBytes) {
            return false;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(lineLength + count, 2 * line.length)));
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
        return true;
    }
}
