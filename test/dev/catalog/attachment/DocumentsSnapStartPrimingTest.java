package dev.catalog.attachment;

import dev.catalog.imports.ImportReports;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.CommandIntake;
import dev.catalog.intake.CommandPublisher;
import dev.catalog.intake.CommandStore;
import dev.catalog.imports.ImportProcessorHandler;
import dev.catalog.imports.ImportReplies;
import dev.catalog.imports.RequestImportHandler;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.OutboxPublisher;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.projection.AttachmentViews;
import dev.catalog.projection.ProductViews;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The documents and imports handlers' SnapStart priming events stop before any store, bucket or
 * AWS call: every collaborator here fails the test when it is called.
 */
class DocumentsSnapStartPrimingTest {

    @Test
    void httpRoutesAnswerThePrimingRequestWith401BeforeAnyCall() {
        assertEquals(401, new RequestUploadHandler(new AttachmentRules(Set.of("application/pdf"), 1024), untouchable(ProductViews.class),
                untouchable(UploadUrls.class), UUID::randomUUID)
                .handleRequest(http("POST", "/v1/products/{id}/attachments"), LocalContext.forTest("requestAttachmentUpload")).getStatusCode());
        assertEquals(401, new GetAttachmentHandler(untouchable(AttachmentViews.class), untouchable(UploadUrls.class), Clock.systemUTC())
                .handleRequest(http("GET", "/v1/products/{id}/attachments/{aid}"), LocalContext.forTest("getAttachment")).getStatusCode());
        assertEquals(401, new DeleteAttachmentHandler(new CommandIntake(new CommandAcceptance(untouchable(CommandStore.class),
                untouchable(CommandPublisher.class), Clock.systemUTC()), UUID::randomUUID))
                .handleRequest(http("DELETE", "/v1/products/{id}/attachments/{aid}"), LocalContext.forTest("deleteAttachment")).getStatusCode());
        assertEquals(401, new RequestImportHandler(untouchable(UploadUrls.class), untouchable(CommandStore.class), UUID::randomUUID,
                Clock.systemUTC())
                .handleRequest(http("POST", "/v1/imports"), LocalContext.forTest("requestImport")).getStatusCode());
    }

    @Test
    void queueWorkersFailOnlyThePrimingMessageBeforeAnyCall() {
        SQSEvent priming = SnapStartPriming.malformedSqsMessage();
        OutboxRelay relay = new OutboxRelay(untouchable(OutboxPublisher.class));

        assertPrimingMessageFailed(new UploadProcessorHandler(new AttachmentRules(Set.of("application/pdf"), 1024),
                untouchable(AttachmentObjects.class), untouchable(AttachmentStore.class), new OutboxAfterCommit(untouchable(OutboxTransactions.class), relay),
                Clock.systemUTC(), Metrics.none()).handleRequest(priming, LocalContext.forTest("uploadProcessor")));
        assertPrimingMessageFailed(new AttachmentWorkerHandler(untouchable(AttachmentObjects.class), untouchable(AttachmentStore.class),
                new OutboxAfterCommit(untouchable(OutboxTransactions.class), relay), Clock.systemUTC()).handleRequest(priming, LocalContext.forTest("attachmentWorker")));
        assertPrimingMessageFailed(new ImportProcessorHandler(untouchable(AttachmentObjects.class), new CommandAcceptance(
                untouchable(CommandStore.class), untouchable(CommandPublisher.class), Clock.systemUTC()), untouchable(ImportReplies.class),
                untouchable(ImportReports.class), "supplier-drop", untouchable(CommandStore.class), Clock.systemUTC(), Metrics.none()).handleRequest(priming, LocalContext.forTest("importProcessor")));
    }

    private static APIGatewayV2HTTPEvent http(String method, String path) {
        return SnapStartPriming.anonymousRequest(method, path);
    }

    private static void assertPrimingMessageFailed(SQSBatchResponse response) {
        assertEquals(List.of("snapstart-priming"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }

    /** A collaborator whose every method fails the test. */
    private static <T> T untouchable(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "untouchable " + port.getSimpleName() : method.invoke(port, args);
            }
            throw new AssertionError("priming called " + port.getSimpleName() + "." + method.getName());
        }));
    }
}
