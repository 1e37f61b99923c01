package dev.catalog.local.fuzz;

import java.util.Map;

/**
 * One generated bad request.
 *
 * @param token how to authenticate: a role's valid token, or {@code none}, {@code forged},
 *     {@code expired}, {@code foreign-audience}, {@code unsigned}, {@code garbage}
 * @param kind the mutation that made it bad, for the report
 */
public record FuzzRequest(String kind, String method, String path, Map<String, String> headers, byte[] body, String token) {
}
