package dev.catalog.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.CommandStore;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.S3ObjectCreated;
import dev.catalog.queue.SqsBatchProcessor;
import java.time.Clock;

/**
 * Imports products from CSV or JSON-lines files uploaded under {@code imports/}, one
 * {@link ImportFiles file} per {@code ObjectCreated} notification. A file whose import did not
 * finish (acceptance or the reply failed) is a batch item failure: its redelivery accepts the same
 * commands again, which changes nothing, and replies.
 */
public final class ImportProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ImportFiles files;
    private final Metrics metrics;

    public ImportProcessorHandler() {
        this(AttachmentObjects.forDocuments(FunctionEnvironment.fromLambda()), CommandAcceptance.forCommandsOf(FunctionEnvironment.fromLambda()),
                SnsImportReplies.from(FunctionEnvironment.fromLambda()), S3ImportReports.from(FunctionEnvironment.fromLambda()),
                FunctionEnvironment.fromLambda().settings().requireImportActor(), CommandStore.forCommandsOf(FunctionEnvironment.fromLambda()),
                FunctionEnvironment.fromLambda().clock(), Metrics.forFunction(FunctionEnvironment.fromLambda()));
        SnapStartPriming.registerHandler("importProcessor", this, SnapStartPriming.malformedSqsMessage());
    }

    /**
     * @param systemActor the subject files dropped straight into the bucket are imported as
     * @param reports     where a dropped file's outcome is left for its uploader
     * @param commands    the commands table, where the API recorded who requested each import
     */
    public ImportProcessorHandler(AttachmentObjects objects, CommandAcceptance acceptance, ImportReplies replies, ImportReports reports,
            String systemActor, CommandStore commands, Clock clock, Metrics metrics) {
        this.files = new ImportFiles(objects, new ImportRows(acceptance), replies, reports, new ImportActors(systemActor, commands::find),
                clock, metrics);
        this.metrics = metrics;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static ImportProcessorHandler from(FunctionEnvironment environment) {
        return new ImportProcessorHandler(AttachmentObjects.forDocuments(environment), CommandAcceptance.forCommandsOf(environment),
                SnsImportReplies.from(environment), S3ImportReports.from(environment), environment.settings().requireImportActor(),
                CommandStore.forCommandsOf(environment), environment.clock(), Metrics.forFunction(environment));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            return SqsBatchProcessor.process(event, context, message -> S3ObjectCreated.in(Json.mapper(), message.getBody()),
                    message -> message.content().forEach(created -> files.importFile(created, message.messageId(), context)));
        } finally {
            metrics.flush();
        }
    }
}
