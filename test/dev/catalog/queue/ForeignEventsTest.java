package dev.catalog.queue;

import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.attachment.AttachmentWorkerHandler;
import dev.catalog.attachment.UploadProcessorHandler;
import dev.catalog.command.status.CommandStatusWriterHandler;
import dev.catalog.imports.ImportProcessorHandler;
import dev.catalog.journal.JournalWriterHandler;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.product.ProductWorkerHandler;
import dev.catalog.projection.ProjectorHandler;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's own sample events for other services (events/foreign/), sent to each SQS function as
 * {@code make invoke} or a misconfigured trigger would: no exception, nothing processed, and an
 * answer SQS's partial batch semantics read correctly. The handlers get no dependencies at all,
 * so any attempt to process such an event would fail the test.
 */
class ForeignEventsTest {
    private static final List<String> NO_RECORDS = List.of("events/foreign/apigw-http-v2.json", "events/foreign/cloudwatch-scheduled.json");
    private static final List<String> RECORDS_WITHOUT_IDS = List.of("events/foreign/s3-put.json", "events/foreign/sns-notification.json");

    private static Map<String, RequestHandler<SQSEvent, SQSBatchResponse>> sqsFunctions() {
        return Map.of(
                "productWorker", new ProductWorkerHandler(null, new OutboxAfterCommit(null, null), Metrics.none()),
                "attachmentWorker", new AttachmentWorkerHandler(null, null, new OutboxAfterCommit(null, null), Clock.systemUTC()),
                "uploadProcessor", new UploadProcessorHandler(null, null, null, null, Clock.systemUTC(), Metrics.none()),
                "importProcessor", new ImportProcessorHandler(null, null, null, null, "supplier-drop", new dev.catalog.intake.InMemoryCommandStore(), Clock.systemUTC(), Metrics.none()),
                "projector", new ProjectorHandler(null, null, Metrics.none()),
                "commandStatusWriter", new CommandStatusWriterHandler(null, Metrics.none()),
                "journalWriter", new JournalWriterHandler((dev.catalog.journal.JournalStore) null));
    }

    static Stream<Arguments> foreignEventsForEverySqsFunction() {
        List<Arguments> cases = new ArrayList<>();
        sqsFunctions().forEach((function, handler) -> {
            NO_RECORDS.forEach(sample -> cases.add(Arguments.of(function, sample)));
            RECORDS_WITHOUT_IDS.forEach(sample -> cases.add(Arguments.of(function, sample)));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} given {1}")
    @MethodSource("foreignEventsForEverySqsFunction")
    void answersAForeignEventWithoutProcessingOrThrowing(String function, String sample) {
        SQSEvent event = EventLoader.loadSQSEvent(sample);
        RecordingLogger logger = new RecordingLogger();
        LocalContext context = new LocalContext("request-1", function, 1024, Instant.now().plusSeconds(60), Clock.systemUTC(), logger);

        SQSBatchResponse response = sqsFunctions().get(function).handleRequest(event, context);

        if (NO_RECORDS.contains(sample)) {
            // Nothing SQS could redeliver: an empty answer, and a warning saying so.
            assertEquals(List.of(), response.getBatchItemFailures());
            assertTrue(logger.all().contains("not an SQS event: no records"), logger.all());
        } else {
            // Records no message id can name: every one fails, so Lambda fails the batch as a whole.
            assertEquals(event.getRecords().size(), response.getBatchItemFailures().size());
            assertTrue(response.getBatchItemFailures().stream().allMatch(failure -> failure.getItemIdentifier().isEmpty()),
                    response.toString());
            assertTrue(logger.all().contains("the whole batch fails"), logger.all());
        }
        assertTrue(logger.all().contains("\"function\":\"" + function + "\""), logger.all());
    }
}
