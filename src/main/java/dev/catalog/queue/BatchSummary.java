package dev.catalog.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.internal.StructuredLog;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch did, counted for its one log line: on success an SQS function writes one line per
 * batch (what an operator needs, and a fraction of a line per message in CloudWatch Logs); a failure
 * gets a line of its own from {@link SqsBatchProcessor}.
 */
public final class BatchSummary {
    private final String message;
    private final Map<String, Object> counts = new TreeMap<>();

    /**
     * @param message the line's message, naming the function's batch ("product batch done")
     * @param always  counts the line carries even at zero, so a query can read them on every batch
     */
    public BatchSummary(String message, String... always) {
        this.message = message;
        for (String name : always) {
            counts.put(name, 0);
        }
    }

    public void count(String name) {
        add(name, 1);
    }

    public void add(String name, int amount) {
        counts.merge(name, amount, (a, b) -> (Integer) a + (Integer) b);
    }

    /** Counts {@code name} within {@code group}: the line carries {@code "group": {"name": n, …}}. */
    @SuppressWarnings("unchecked")
    public void count(String group, String name) {
        ((Map<String, Integer>) counts.computeIfAbsent(group, key -> new TreeMap<String, Integer>())).merge(name, 1, Integer::sum);
    }

    /** Writes the line, with the messages received and failed, unless the event carried none; returns {@code response}. */
    public SQSBatchResponse written(SQSEvent event, SQSBatchResponse response, Context context) {
        if (event != null && event.getRecords() != null && !event.getRecords().isEmpty()) {
            Map<String, Object> fields = new TreeMap<>(counts);
            fields.put("received", event.getRecords().size());
            fields.put("failed", response.getBatchItemFailures().size());
            StructuredLog.write(context, "INFO", message, fields);
        }
        return response;
    }
}
