package dev.catalog.local.harness.bench;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The AWS requests counted during a run, one row per origin, service, operation and target
 * (topic, queue, table or bucket).
 *
 * @param rows ordered by origin, service, operation and target
 * @param estimates how units were estimated where the service reported none, one line each
 */
record RequestCounts(List<Row> rows, List<String> estimates) {
    /**
     * What was counted for one kind of request.
     *
     * @param requests HTTP attempts sent (AWS bills retried attempts too)
     * @param entries messages or items inside batch requests (PublishBatch, SendMessageBatch,
     *     DeleteMessageBatch, TransactWriteItems ...); 1 per single-item request
     * @param billableUnits requests as SNS and SQS bill them: every started 64 KB of payload counts as one
     * @param payloadBytes message bodies and attributes sent (SNS, SQS) or received (SQS ReceiveMessage)
     * @param writeUnits DynamoDB write request units consumed, as the table reported them (estimated
     *     for BatchExecuteStatement, see {@link RequestCounts#estimates()})
     * @param readUnits DynamoDB read request units consumed
     * @param emptyReceives ReceiveMessage requests that returned nothing
     * @param messagesReceived messages returned by ReceiveMessage
     * @param failures requests that ended in an error (conditional check failures included)
     * @param callSeconds how long the callers waited for these calls, retries included
     */
    record Row(RequestOrigin origin, String service, String operation, String target, long requests, long entries,
               long billableUnits, long payloadBytes, double writeUnits, double readUnits, long emptyReceives,
               long messagesReceived, long failures, double callSeconds) {

        boolean is(String service, String operation) {
            return this.service.equals(service) && this.operation.equals(operation);
        }

        /** Whether the topic or queue is FIFO (their names end in .fifo). */
        boolean fifoTarget() {
            return target.endsWith(".fifo");
        }
    }

    static final Comparator<Row> ORDER = Comparator.<Row, Integer>comparing(row -> row.origin().kind().ordinal())
            .thenComparing(row -> String.valueOf(row.origin().function()))
            .thenComparing(Row::service).thenComparing(Row::operation).thenComparing(Row::target);

    RequestCounts {
        rows = rows.stream().sorted(ORDER).toList();
        estimates = List.copyOf(estimates);
    }

    RequestCounts(List<Row> rows) {
        this(rows, List.of());
    }

    List<Row> billed() {
        return rows.stream().filter(row -> row.origin().billed()).toList();
    }

    List<Row> where(Predicate<Row> condition) {
        return rows.stream().filter(condition).toList();
    }

    long requests(Predicate<Row> condition) {
        return rows.stream().filter(condition).mapToLong(Row::requests).sum();
    }

    long entries(Predicate<Row> condition) {
        return rows.stream().filter(condition).mapToLong(Row::entries).sum();
    }
}
