package dev.catalog.local.harness.chaos;

import java.util.List;
import java.util.Map;

/**
 * What the chaos clients saw of the API.
 *
 * @param singleRequests requests to the single-command routes
 * @param bulkRequests   requests to {@code POST /v1/commands}
 * @param bulkCommands   commands those bulk requests carried
 * @param serverErrors   5xx answers by status and problem code, each retried with the same idempotency key
 * @param networkErrors  attempts that got no answer, each retried
 * @param gaveUp         commands still refused with 5xx after every retry (never accepted)
 * @param refused        unexpected 4xx answers: the clients send valid requests only
 */
public record ClientFigures(long singleRequests, long bulkRequests, long bulkCommands, Map<String, Long> serverErrors, long networkErrors,
                            long gaveUp, List<String> refused) {

    public long serverErrorsTotal() {
        return serverErrors.values().stream().mapToLong(Long::longValue).sum();
    }
}
