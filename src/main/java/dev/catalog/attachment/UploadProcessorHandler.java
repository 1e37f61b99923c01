package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.queue.S3ObjectCreated;
import dev.catalog.queue.SqsBatchProcessor;
import dev.catalog.queue.SqsBatchProcessor.RetryLater;
import java.time.Clock;

/**
 * Processes uploads as their {@code ObjectCreated} notifications arrive (S3 → SQS), one
 * {@link IncomingUploads incoming upload} at a time. A notification whose upload failed (storage or
 * database trouble, an object overwritten while it was read) is a batch item failure and comes back
 * after the visibility timeout: nothing was deleted.
 */
public final class UploadProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final IncomingUploads uploads;
    private final Metrics metrics;

    public UploadProcessorHandler() {
        this(AttachmentRules.from(FunctionEnvironment.fromLambda().settings()), AttachmentObjects.forDocuments(FunctionEnvironment.fromLambda()),
                new JdbcAttachmentStore(JdbcTransactions.forLambda(), Json.mapper()),
                OutboxAfterCommit.from(FunctionEnvironment.fromLambda(), JdbcTransactions.forLambda()),
                FunctionEnvironment.fromLambda().clock(), Metrics.forFunction(FunctionEnvironment.fromLambda()));
        SnapStartPriming.registerHandler("uploadProcessor", this, SnapStartPriming.malformedSqsMessage());
    }

    public UploadProcessorHandler(AttachmentRules rules, AttachmentObjects objects, AttachmentStore store, OutboxAfterCommit outbox,
            Clock clock, Metrics metrics) {
        this.uploads = new IncomingUploads(rules, objects, store, outbox, clock, metrics);
        this.metrics = metrics;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static UploadProcessorHandler from(FunctionEnvironment environment) {
        JdbcTransactions transactions = JdbcTransactions.forFunction(environment);
        return new UploadProcessorHandler(AttachmentRules.from(environment.settings()), AttachmentObjects.forDocuments(environment),
                new JdbcAttachmentStore(transactions, Json.mapper()), OutboxAfterCommit.from(environment, transactions), environment.clock(),
                Metrics.forFunction(environment));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            return SqsBatchProcessor.process(event, context, message -> S3ObjectCreated.in(Json.mapper(), message.getBody()),
                    message -> message.content().forEach(created -> process(created, message.messageId(), context)));
        } finally {
            metrics.flush();
        }
    }

    private void process(S3ObjectCreated created, String messageId, Context context) {
        try {
            uploads.process(created, messageId, context);
        } catch (ObjectChangedException e) {
            // Expected when an upload URL is used again during processing; the retry reads the new bytes.
            throw new RetryLater("incoming object changed while it was processed; nothing kept, will be retried", e);
        }
    }
}
