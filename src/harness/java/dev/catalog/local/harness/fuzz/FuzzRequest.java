package dev.catalog.local.harness.fuzz;

import java.util.List;
import java.util.Map;

/**
 * One generated bad request.
 *
 * @param token how to authenticate: a role's valid token, or {@code none}, {@code forged},
 *     {@code expired}, {@code foreign-audience}, {@code unsigned}, {@code garbage}
 * @param kind the mutation that made it bad, for the report
 * @param expected what the pipeline must make of it
 * @param importFile for {@link Expected#ROWS_REPORTED}: the file uploaded through {@code POST /v1/imports}; null otherwise
 */
public record FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token,
                          Expected expected, ImportFile importFile) {

    /** What a request must get. */
    public enum Expected {
        /** A 4xx, with nothing published. */
        REFUSED,
        /** A 4xx with nothing published, or a 202 whose commands all complete (and none fails validation after acceptance). */
        REFUSED_OR_COMPLETED,
        /** An invocation through the runtime's invoke endpoint that ends without a function error. */
        CLEAN_INVOCATION,
        /** An import file: its import replies, every bad line is reported, every good one accepted and completed. */
        ROWS_REPORTED
    }

    /**
     * An import file and what its outcome must say.
     *
     * @param format {@code csv} or {@code jsonl}
     * @param badLines the lines (1 = the first, a CSV header included) the import must report as rejected, with what makes each bad
     * @param goodLines the lines it must accept, whose commands must then complete
     */
    public record ImportFile(String format, java.util.SortedMap<Integer, String> badLines, List<Integer> goodLines) {
        public ImportFile {
            badLines = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(badLines));
            goodLines = List.copyOf(goodLines);
        }
    }

    public FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token,
                       Expected expected) {
        this(kind, method, path, headers, body, token, expected, null);
    }

    public FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token) {
        this(kind, method, path, headers, body, token, Expected.REFUSED);
    }
}
