package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.BatchSummary;
import dev.catalog.queue.SqsBatchProcessor;

/**
 * Keeps the product views in step with the events of the projections queue (FIFO, one group per
 * product).
 *
 * <p>Each event carries the whole product (or attachment) at its version and is written only over
 * an older view, so redelivered and out-of-order events are harmless: they are counted as stale
 * and succeed. The products of a batch are written together ({@link ProjectionBatch}). A malformed
 * message, or one the store could not take, is a batch item failure, and so is every later message
 * of its product in the batch, to keep the group's order.
 */
public final class ProjectorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ProductViews views;
    private final AttachmentViews attachments;
    private final Metrics metrics;

    public ProjectorHandler() {
        this(ProductViews.forFunction(FunctionEnvironment.fromLambda()), AttachmentViews.forFunction(FunctionEnvironment.fromLambda()),
                Metrics.forFunction(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("projector", this, SnapStartPriming.malformedSqsMessage());
    }

    public ProjectorHandler(ProductViews views, AttachmentViews attachments, Metrics metrics) {
        this.views = views;
        this.attachments = attachments;
        this.metrics = metrics;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static ProjectorHandler from(FunctionEnvironment environment) {
        return new ProjectorHandler(ProductViews.forFunction(environment), AttachmentViews.forFunction(environment),
                Metrics.forFunction(environment));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            BatchSummary summary = new BatchSummary("projections batch done", "applied", "stale", "superseded");
            ProjectionBatch batch = new ProjectionBatch(views, attachments, metrics, context, summary);
            return summary.written(event, SqsBatchProcessor.process(event, context, ViewEvent::read, batch::projectProducts,
                    batch::projectAttachment), context);
        } finally {
            metrics.flush();
        }
    }
}
