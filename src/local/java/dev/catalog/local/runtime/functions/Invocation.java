package dev.catalog.local.runtime.functions;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished local invocation, for the console and the status page.
 *
 * @param trigger what invoked it: {@code sqs}, {@code httpApi}, {@code s3}, {@code schedule}
 * @param batchSize records in the event (1 for HTTP and schedules)
 * @param outcome {@code ok}, {@code partial} (some batch items failed) or {@code error}
 * @param error what went wrong when the outcome is {@code error} (with an init failure, the
 *     function's last output lines); null otherwise
 */
public record Invocation(String function, String trigger, int batchSize, Instant startedAt, Duration duration,
                         String outcome, String requestId, String error) {
}
