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
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.MalformedMessageException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the product views in step with the product events of the projections queue (FIFO, one
 * group per product).
 *
 * <p>Each event carries the whole product at its version and is written only over an older view,
 * so redelivered and out-of-order events are harmless: they are counted as stale and succeed.
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
        BatchItemFailures failures = new BatchItemFailures();
        int applied = 0;
        int stale = 0;
        for (SQSMessage message : event.getRecords()) {
            if (failures.isBlocked(message)) {
                failures.fail(message);
                continue;
            }
            try {
                if (isAttachmentEvent(message)) {
                    AttachmentEvent attachmentEvent = AttachmentEvent.parse(JSON, message.getBody());
                    if (attachments.putIfNewer(attachmentEvent.view()) == PutOutcome.APPLIED) {
                        applied++;
                    } else {
                        stale++;
                        StructuredLog.write(context.getLogger(), "INFO", "stale or duplicate attachment event ignored", Map.of(
                                "messageId", message.getMessageId(), "eventId", attachmentEvent.eventId(),
                                "attachmentId", attachmentEvent.view().attachmentId()));
                    }
                    continue;
                }
                ProductEvent productEvent = ProductEvent.parse(JSON, message.getBody());
                if (views.putIfNewer(productEvent.view()) == PutOutcome.APPLIED) {
                    applied++;
                } else {
                    stale++;
                    metrics.record(Metric.DUPLICATE_DELIVERIES, productEvent.type(), 1);
                    StructuredLog.write(context, "INFO", "stale or duplicate product event ignored",
                            ids(message, productEvent));
                }
            } catch (MalformedMessageException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("messageId", message.getMessageId());
                fields.put("reason", e.getMessage());
                StructuredLog.write(context, "WARN", "malformed product event rejected", fields);
                failures.fail(message);
            } catch (ProductViewsUnavailableException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("messageId", message.getMessageId());
                fields.put("error", e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName());
                StructuredLog.write(context, "ERROR", "product view not written; will be retried", fields);
                failures.fail(message);
            }
        }
        StructuredLog.write(context, "INFO", "projections batch done",
                Map.of("received", event.getRecords().size(), "applied", applied, "stale", stale, "failed", failures.count()));
        return failures.toResponse();
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

    private static Map<String, Object> ids(SQSMessage message, ProductEvent productEvent) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.getMessageId());
        fields.put("eventId", productEvent.eventId());
        fields.put("correlationId", productEvent.correlationId());
        fields.put("productId", productEvent.view().productId());
        fields.put("version", productEvent.view().version());
        return fields;
    }
}
