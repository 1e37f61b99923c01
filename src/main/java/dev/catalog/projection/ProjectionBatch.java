package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.projection.ProductViews.PutResult;
import dev.catalog.queue.BatchSummary;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The projection of one SQS batch: product events written together, the highest version of each
 * product only, then attachment events one by one. Counts what it did on the batch's summary line.
 */
final class ProjectionBatch {
    private final ProductViews views;
    private final AttachmentViews attachments;
    private final Metrics metrics;
    private final Context context;
    private final BatchSummary summary;

    ProjectionBatch(ProductViews views, AttachmentViews attachments, Metrics metrics, Context context, BatchSummary summary) {
        this.views = views;
        this.attachments = attachments;
        this.metrics = metrics;
        this.context = context;
        this.summary = summary;
    }

    /**
     * Writes the highest version of each product in one go. Each event carries the whole product,
     * so the lower versions of the batch would change nothing after it: they are acknowledged as
     * superseded without a write, unless the write fails, when every event of the product is retried.
     *
     * @return the events not taken
     */
    List<Received<ViewEvent>> projectProducts(List<Received<ViewEvent>> events) {
        Map<UUID, List<Received<ViewEvent>>> byProduct = new LinkedHashMap<>();
        for (Received<ViewEvent> event : events) {
            if (event.content() instanceof ProductEvent product) {
                byProduct.computeIfAbsent(product.view().productId(), ignored -> new ArrayList<>()).add(event);
            }
        }
        if (byProduct.isEmpty()) {
            return List.of();
        }
        List<Received<ViewEvent>> newest = byProduct.values().stream()
                .map(pending -> pending.stream().max(Comparator.comparingLong(ProjectionBatch::version)).orElseThrow()).toList();
        List<PutResult> results = views.putAllIfNewer(newest.stream().map(event -> product(event).view()).toList());
        List<Received<ViewEvent>> notTaken = new ArrayList<>();
        for (int index = 0; index < newest.size(); index++) {
            Received<ViewEvent> written = newest.get(index);
            PutResult result = results.get(index);
            List<Received<ViewEvent>> all = byProduct.get(product(written).view().productId());
            if (!result.written()) {
                all.forEach(event -> logNotWritten(event.messageId(), result.storeError().orElse("unknown")));
                notTaken.addAll(all);
                continue;
            }
            if (result.outcome().orElseThrow() == PutOutcome.APPLIED) {
                summary.count("applied");
            } else {
                summary.count("stale");
                metrics.record(Metric.DUPLICATE_DELIVERIES, product(written).type(), 1);
            }
            // Stale and superseded events are normal: counted on the batch's line, not a line each.
            summary.add("superseded", all.size() - 1);
        }
        return notTaken;
    }

    /** After the product events: an attachment needs its product's view, which the batch may only just have written. */
    void projectAttachment(Received<ViewEvent> event) {
        if (!(event.content() instanceof AttachmentEvent attachment)) {
            return;
        }
        if (attachments.putIfNewer(attachment.view()) == PutOutcome.APPLIED) {
            summary.count("applied");
        } else {
            summary.count("stale");
        }
    }

    private void logNotWritten(String messageId, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", messageId);
        fields.put("error", error);
        StructuredLog.write(context, "ERROR", "product view not written; will be retried", fields);
    }

    private static ProductEvent product(Received<ViewEvent> event) {
        return (ProductEvent) event.content();
    }

    private static long version(Received<ViewEvent> event) {
        return product(event).view().version();
    }

    private static Map<String, Object> ids(Received<ViewEvent> event) {
        ProductEvent productEvent = product(event);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", event.messageId());
        fields.put("eventId", productEvent.eventId());
        fields.put("correlationId", productEvent.correlationId());
        fields.put("productId", productEvent.view().productId());
        fields.put("version", productEvent.view().version());
        return fields;
    }
}
