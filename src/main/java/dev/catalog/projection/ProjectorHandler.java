package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.projection.ProductViews.PutResult;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.MalformedMessageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the product views in step with the product events of the projections queue (FIFO, one
 * group per product).
 *
 * <p>Each event carries the whole product at its version and is written only over an older view,
 * so redelivered and out-of-order events are harmless: they are counted as stale and succeed.
 * Within a batch only the highest version of each product is written (the others are superseded),
 * and the products of a batch are written together.
 * A malformed message, or one the store could not take, is reported as a batch item failure,
 * and so is every later message of its product in the batch, to keep the group's order.
 */
public final class ProjectorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = Json.mapper();

    private final ProductViews views;
    private final AttachmentViews attachments;
    private final Metrics metrics;

    public ProjectorHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("projector", this, SnapStartPriming.malformedSqsMessage());
    }

    public ProjectorHandler(FunctionEnvironment environment) {
        this(new DynamoDbProductViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()),
                new DynamoDbAttachmentViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()),
                Metrics.forFunction(environment));
    }

    public ProjectorHandler(ProductViews views, AttachmentViews attachments) {
        this(views, attachments, Metrics.none());
    }

    public ProjectorHandler(ProductViews views, AttachmentViews attachments, Metrics metrics) {
        this.views = views;
        this.attachments = attachments;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            return projectAll(event, context);
        } finally {
            metrics.flush();
        }
    }

    private SQSBatchResponse projectAll(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Set<String> notTaken = new HashSet<>();
        // Failures seen while reading the batch, to skip the later messages of their groups.
        BatchItemFailures readFailures = new BatchItemFailures();
        Map<UUID, List<Pending>> byProduct = new LinkedHashMap<>();
        Map<String, AttachmentEvent> attachmentEvents = new HashMap<>();
        for (SQSMessage message : event.getRecords()) {
            if (readFailures.isBlocked(message)) {
                readFailures.fail(message);
                continue;
            }
            try {
                if (isAttachmentEvent(message)) {
                    attachmentEvents.put(message.getMessageId(), AttachmentEvent.parse(JSON, message.getBody()));
                    continue;
                }
                ProductEvent productEvent = ProductEvent.parse(JSON, message.getBody());
                byProduct.computeIfAbsent(productEvent.view().productId(), ignored -> new ArrayList<>())
                        .add(new Pending(message, productEvent));
            } catch (MalformedMessageException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("messageId", message.getMessageId());
                fields.put("reason", e.getMessage());
                StructuredLog.write(context, "WARN", "malformed product event rejected", fields);
                notTaken.add(message.getMessageId());
                readFailures.fail(message);
            }
        }
        BatchCounts counts = new BatchCounts();
        projectProducts(byProduct, context, counts, notTaken);
        // Attachment events go after the product events: an attachment needs its product's view, which an
        // earlier product.created of the batch may only just have written; the two touch different attributes.
        BatchItemFailures failures = new BatchItemFailures();
        for (SQSMessage message : event.getRecords()) {
            if (notTaken.contains(message.getMessageId()) || failures.isBlocked(message)) {
                failures.fail(message);
            } else if (attachmentEvents.containsKey(message.getMessageId())
                    && !projectAttachment(message, attachmentEvents.get(message.getMessageId()), context, counts)) {
                failures.fail(message);
            }
        }
        StructuredLog.write(context, "INFO", "projections batch done", Map.of("received", event.getRecords().size(),
                "applied", counts.applied, "stale", counts.stale, "superseded", counts.superseded, "failed", failures.count()));
        return failures.toResponse();
    }

    /** @return false if the store did not take it (to be retried) */
    private boolean projectAttachment(SQSMessage message, AttachmentEvent attachmentEvent, Context context, BatchCounts counts) {
        PutOutcome outcome;
        try {
            outcome = attachments.putIfNewer(attachmentEvent.view());
        } catch (ProductViewsUnavailableException e) {
            logNotWritten(context, message.getMessageId(), e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName());
            return false;
        }
        if (outcome == PutOutcome.APPLIED) {
            counts.applied++;
        } else {
            // Counted on the batch's line: a stale or duplicate event is normal, not something to look at.
            counts.stale++;
        }
        return true;
    }

    /**
     * Writes the highest version of each product in one go. Each event carries the whole product,
     * so the lower versions of the batch would change nothing after it: they are acknowledged as
     * superseded without a write, unless the write fails, when every event of the product is retried.
     */
    private void projectProducts(Map<UUID, List<Pending>> byProduct, Context context, BatchCounts counts, Set<String> notTaken) {
        if (byProduct.isEmpty()) {
            return;
        }
        List<Pending> newest = byProduct.values().stream()
                .map(pending -> pending.stream().max(Comparator.comparingLong(Pending::version)).orElseThrow())
                .toList();
        List<PutResult> results = views.putAllIfNewer(newest.stream().map(pending -> pending.event().view()).toList());
        for (int index = 0; index < newest.size(); index++) {
            Pending written = newest.get(index);
            PutResult result = results.get(index);
            List<Pending> all = byProduct.get(written.event().view().productId());
            if (!result.written()) {
                for (Pending pending : all) {
                    logNotWritten(context, pending.message().getMessageId(), result.storeError().orElse("unknown"));
                    notTaken.add(pending.message().getMessageId());
                }
                continue;
            }
            if (result.outcome().orElseThrow() == PutOutcome.APPLIED) {
                counts.applied++;
            } else {
                counts.stale++;
                metrics.record(Metric.DUPLICATE_DELIVERIES, written.event().type(), 1);
            }
            // Stale and superseded events are counted on the batch's line, not a line each.
            counts.superseded += all.size() - 1;
        }
    }

    private static void logNotWritten(Context context, String messageId, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", messageId);
        fields.put("error", error);
        StructuredLog.write(context, "ERROR", "product view not written; will be retried", fields);
    }

    /** A product event of the batch waiting for the write of its product's newest version. */
    private record Pending(SQSMessage message, ProductEvent event) {
        long version() {
            return event.view().version();
        }
    }

    private static final class BatchCounts {
        int applied;
        int stale;
        int superseded;
    }

    /** The raw message's {@code type} attribute when present, else the body's: the subscription filters on it. */
    private static boolean isAttachmentEvent(SQSMessage message) {
        if (message.getMessageAttributes() != null && message.getMessageAttributes().get("type") != null
                && message.getMessageAttributes().get("type").getStringValue() != null) {
            return AttachmentEvent.isAttachmentEvent(message.getMessageAttributes().get("type").getStringValue());
        }
        try {
            return AttachmentEvent.isAttachmentEvent(JSON.readTree(message.getBody()).path("type").asText());
        } catch (java.io.IOException | RuntimeException e) {
            return false; // ProductEvent.parse names the problem
        }
    }
}
