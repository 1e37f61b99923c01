package dev.catalog.local.harness.fuzz;

import java.util.Map;

/**
 * One generated bad request.
 *
 * @param token how to authenticate: a role's valid token, or {@code none}, {@code forged},
 *     {@code expired}, {@code foreign-audience}, {@code unsigned}, {@code garbage}
 * @param kind the mutation that made it bad, for the report
 * @param expected what the pipeline must make of it
 */
public record FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token,
                          Expected expected) {

    /** What a request must get. */
    public enum Expected {
        /** A 4xx, with nothing published. */
        REFUSED,
        /** A 4xx with nothing published, or a 202 whose commands all complete (and none fails validation after acceptance). */
        REFUSED_OR_COMPLETED,
        /** An invocation through the runtime's invoke endpoint that ends without a function error. */
        CLEAN_INVOCATION
    }

    public FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token) {
        this(kind, method, path, headers, body, token, Expected.REFUSED);
    }
}
