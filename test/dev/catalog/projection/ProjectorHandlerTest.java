package dev.catalog.projection;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectorHandlerTest {
    private static final UUID DESK = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final UUID STOOL = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e03");
    private static final String POISON = "5e1c0a7b-0003-4c2d-8e3f-9a0b1c2d3e03";
    private static final String AFTER_POISON_SAME_GROUP = "5e1c0a7b-0004-4c2d-8e3f-9a0b1c2d3e04";

    private final RecordingProductViews views = new RecordingProductViews();
    private final RecordingLogger logger = new RecordingLogger();
    private final ProjectorHandler handler = new ProjectorHandler(views, new AttachmentProjectionTest.InMemoryAttachmentViews(), Metrics.none());

    @Test
    void writesTheNewestVersionOfEveryProductTogetherAndFailsThePoisonMessageWithTheRestOfItsGroup() {
        SQSBatchResponse response = handle(sample());

        assertEquals(List.of(POISON, AFTER_POISON_SAME_GROUP), failedIds(response));
        assertEquals(List.of(List.of(DESK + "@2", STOOL + "@3")), views.batches.stream()
                .map(batch -> batch.stream().map(view -> view.productId() + "@" + view.version()).toList()).toList(),
                "one call; version 1 of the desk is superseded by version 2 of the same batch");
        assertTrue(logger.all().contains("\"applied\":2"), logger.all());
        assertTrue(logger.all().contains("\"superseded\":1"), logger.all());
        assertTrue(logger.all().contains("\"stale\":0"), logger.all());
    }

    @Test
    void keepsTheHighestVersionEvenWhenItArrivesFirst() {
        SQSEvent event = sample();
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>(event.getRecords());
        java.util.Collections.swap(records, 0, 1);
        event.setRecords(records);

        SQSBatchResponse response = handle(event);

        assertEquals(List.of(POISON, AFTER_POISON_SAME_GROUP), failedIds(response));
        assertEquals(List.of(DESK + "@2", STOOL + "@3"),
                views.puts.stream().map(view -> view.productId() + "@" + view.version()).toList());
        assertTrue(logger.all().contains("\"superseded\":1"), "counted on the batch's line: " + logger.all());
    }

    @Test
    void writesTheWholeSnapshotOfTheEvent() {
        handle(sample());

        ProductView updated = views.puts.get(0);
        assertEquals("Walnut writing desk", updated.name());
        assertEquals("Solid walnut, oiled", updated.description());
        assertEquals(Instant.parse("2026-11-21T09:15:03.120Z"), updated.createdAt());
        assertEquals(Instant.parse("2026-11-21T09:16:10.005Z"), updated.updatedAt());
        assertFalse(updated.deleted());
        assertTrue(views.puts.get(1).deleted(), "product.deleted writes a tombstone");
    }

    @Test
    void treatsStaleAndDuplicateEventsAsSuccessAndCountsThem() {
        views.putAnswer = view -> PutOutcome.STALE;

        SQSBatchResponse response = handle(sample());

        assertEquals(List.of(POISON, AFTER_POISON_SAME_GROUP), failedIds(response));
        assertTrue(logger.all().contains("\"stale\":2"), logger.all());
        assertTrue(logger.all().contains("\"superseded\":1"), logger.all());
        // One line per batch on success: a stale or superseded event is counted there, not logged on its own.
        assertFalse(logger.all().contains("7c9e6679-7425-5de0-9c3a-2b1d4e5f6a02"), logger.all());
        assertFalse(logger.all().contains("7c9e6679-7425-5de0-9c3a-2b1d4e5f6a01"), logger.all());
    }

    @Test
    void countsEveryStaleOrDuplicateEventAsADuplicateDeliveryAndNoAppliedOne() {
        views.putAnswer = view -> PutOutcome.STALE;
        InMemoryMetrics stale = new InMemoryMetrics();
        new ProjectorHandler(views, new AttachmentProjectionTest.InMemoryAttachmentViews(), stale).handleRequest(sample(),
                LocalContext.forTest("projector"));
        assertEquals(2, stale.total(Metric.DUPLICATE_DELIVERIES, null), "the newest event of each product, found stale");

        views.putAnswer = view -> PutOutcome.APPLIED;
        InMemoryMetrics applied = new InMemoryMetrics();
        new ProjectorHandler(views, new AttachmentProjectionTest.InMemoryAttachmentViews(), applied).handleRequest(sample(),
                LocalContext.forTest("projector"));
        assertEquals(0, applied.total(Metric.DUPLICATE_DELIVERIES, null));
    }

    @Test
    void failsEveryMessageTheStoreCouldNotTake() {
        views.unavailable = true;

        SQSBatchResponse response = handle(sample());

        assertEquals(5, response.getBatchItemFailures().size());
    }

    @Test
    void failsEveryEventOfAProductWhoseWriteFailedAndNoOtherProducts() {
        views.putAnswer = view -> {
            if (view.productId().equals(DESK)) {
                throw new ProductViewsUnavailableException("UpdateItem", new RuntimeException("throttled"));
            }
            return PutOutcome.APPLIED;
        };

        SQSBatchResponse response = handle(sample());

        assertEquals(List.of("5e1c0a7b-0001-4c2d-8e3f-9a0b1c2d3e01", "5e1c0a7b-0002-4c2d-8e3f-9a0b1c2d3e02", POISON,
                AFTER_POISON_SAME_GROUP), failedIds(response), "the superseded version 1 is retried with version 2");
        assertTrue(logger.all().contains("\"error\":\"RuntimeException\""), logger.all());
        assertTrue(logger.all().contains("\"applied\":1"), "the stool: " + logger.all());
    }

    @Test
    void aFailedMessageFailsTheLaterMessagesOfItsGroupEvenIfTheyWereWritten() {
        SQSEvent event = sample();
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>(event.getRecords());
        // The stool's event joins the poison message's group, after it: it must wait for the poison message.
        SQSEvent.SQSMessage stool = records.get(4);
        stool.setAttributes(new java.util.HashMap<>(records.get(2).getAttributes()));
        event.setRecords(records);

        SQSBatchResponse response = handle(event);

        assertEquals(List.of(POISON, AFTER_POISON_SAME_GROUP, "5e1c0a7b-0005-4c2d-8e3f-9a0b1c2d3e05"), failedIds(response));
        assertEquals(List.of(DESK + "@2"), views.puts.stream().map(view -> view.productId() + "@" + view.version()).toList(),
                "a message after a failure in its group is not even written");
    }

    @Test
    void logsIdsButNeverNamesOrDescriptions() {
        views.putAnswer = view -> PutOutcome.STALE;

        handle(sample());

        assertFalse(logger.all().contains("Walnut"), logger.all());
        assertFalse(logger.all().contains("this body is"), logger.all());
        assertTrue(logger.all().contains(POISON), logger.all());
    }

    private SQSBatchResponse handle(SQSEvent event) {
        LocalContext context = new LocalContext("request-1", "projector", 1024, Instant.now().plusSeconds(60), Clock.systemUTC(), logger);
        return handler.handleRequest(event, context);
    }

    private static SQSEvent sample() {
        return EventLoader.loadSQSEvent("events/sqs-projections-batch.json");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }
}
