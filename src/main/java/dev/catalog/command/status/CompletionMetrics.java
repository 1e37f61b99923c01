package dev.catalog.command.status;

import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import dev.catalog.messaging.Reply;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import java.time.Duration;

/** What a reply's completion adds to the metrics: outcomes by status, the command's latency, duplicate deliveries. */
final class CompletionMetrics {
    private CompletionMetrics() {
    }

    static void record(Metrics metrics, Reply reply, CompletionOutcome outcome) {
        switch (outcome) {
            case COMPLETED -> {
                metrics.record(reply.status() == Reply.ReplyStatus.SUCCEEDED ? Metric.COMMANDS_SUCCEEDED : Metric.COMMANDS_FAILED,
                        reply.type(), 1);
                if (reply.acceptedAt() != null) {
                    metrics.record(Metric.COMMAND_LATENCY, reply.type(),
                            Math.max(0, Duration.between(reply.acceptedAt(), reply.completedAt()).toMillis()));
                }
            }
            case ALREADY_COMPLETED -> metrics.record(Metric.DUPLICATE_DELIVERIES, reply.type(), 1);
            case UNKNOWN_COMMAND, NOT_WRITTEN -> { }
        }
    }
}
