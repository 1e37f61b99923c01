package dev.catalog.local.aws.apigateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sees each answer the local HTTP API sent on its routes (its own error answers included, the local
 * pages not), after the client has it: for checks that must not change what the client receives,
 * such as the end-to-end suites' check of every answer against the OpenAPI document.
 */
@FunctionalInterface
public interface AnswerObserver {

    /**
     * @param routeKey the matched route, as in {@code GET /v1/products/{id}}; empty when none matched
     * @param headers  the headers as sent, names as the server wrote them
     * @param body     the body as sent (empty for HEAD, 204 and 304)
     */
    record SentAnswer(String method, String rawPath, Optional<String> routeKey, int status,
                      Map<String, List<String>> headers, byte[] body) {
    }

    void answered(SentAnswer answer);
}
