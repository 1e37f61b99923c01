package dev.catalog.imports;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF or CRLF) of at most a fixed length, so one enormous line cannot fill the heap.
 * A longer line is consumed to its end and reported as {@link Line#tooLong()}.
 */
final class BoundedLineReader {
    private final Reader reader;
    private final int maxChars;
    private final StringBuilder line;
    private int lineNumber;

    BoundedLineReader(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
        this.line = new StringBuilder(Math.min(maxChars, 1024));
    }

    /** @param text null when {@code tooLong} */
    record Line(int number, String text, boolean tooLong) {
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        int c;
        boolean any = false;
        while ((c = reader.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (line.length() < maxChars) {
                line.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        if (!tooLong && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        return new Line(lineNumber, tooLong ? null : line.toString(), tooLong);
    }
}
