package dev.catalog.local.harness.chaos;

import dev.catalog.local.aws.sns.BatchEntry;
import dev.catalog.local.aws.sns.BatchResult;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.PublishRequest;
import dev.catalog.local.aws.sns.SnsException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SNS endpoint's injected faults, on a LocalSns whose deliveries the test collects. */
class PublishFaultsTest {
    private final AtomicInteger nextId = new AtomicInteger();
    private final LocalSns sns = new LocalSns("eu-west-1", "000000000000", null, Clock.systemUTC(),
            () -> "id-" + nextId.incrementAndGet(), message -> { });
    private final List<String> delivered = new ArrayList<>();
    private final PublishFaults faults = new PublishFaults(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    private final String events;
    private final String replies;

    PublishFaultsTest() {
        sns.registerDeliveryTarget("lambda", delivery -> delivered.add(delivery.notification().message()));
        events = sns.createTopic("events.fifo", Map.of("FifoTopic", "true"));
        replies = sns.createTopic("replies", Map.of());
        sns.subscribe(events, "lambda", "arn:aws:lambda:eu-west-1:000000000000:function:projector", Map.of());
        sns.subscribe(replies, "lambda", "arn:aws:lambda:eu-west-1:000000000000:function:statuses", Map.of());
    }

    @Test
    void aFailedRequestIsAnsweredWithAServerErrorAndPublishesNothing() {
        faults.failPublishes(events, () -> true);

        SnsException failure = assertThrows(SnsException.class, () -> faults.publishBatch(events,
                List.of(new BatchEntry("1", event("v1", "e-1"))), sns));

        assertEquals(500, failure.httpStatus());
        assertEquals("InternalError", failure.code());
        assertEquals(List.of(), delivered);
        assertEquals(1, faults.counts(events).failedRequests());
    }

    @Test
    void aLostAnswerPublishesAndStillAnswersWithAServerError() {
        faults.loseAnswers(replies, () -> true);

        assertThrows(SnsException.class, () -> faults.publish(PublishRequest.of(replies, "reply-1"), sns));

        assertEquals(List.of("reply-1"), delivered);
        assertEquals(1, faults.counts(replies).lostAnswers());
    }

    @Test
    void aFailedEntryIsNotPublishedAndTheLaterEntriesOfItsGroupFailWithIt() {
        faults.failEntries(events, request -> request.message().equals("p1 v1"));

        BatchResult answer = faults.publishBatch(events, List.of(
                new BatchEntry("1", event("p1 v1", "e-1")),
                new BatchEntry("2", PublishRequest.of(events, "p2 v1").withFifo("product-2", "e-2")),
                new BatchEntry("3", event("p1 v2", "e-3"))), sns);

        assertEquals(List.of("2"), answer.successful().stream().map(BatchResult.Success::id).toList());
        assertEquals(List.of("1", "3"), answer.failed().stream().map(BatchResult.Failure::id).toList());
        assertTrue(answer.failed().stream().allMatch(failure -> failure.code().equals("InternalError") && !failure.senderFault()));
        assertEquals(List.of("p2 v1"), delivered);
        assertEquals(2, faults.counts(events).failedEntries());

        faults.heal(events);
        faults.publishBatch(events, List.of(new BatchEntry("1", event("p1 v1", "e-1")), new BatchEntry("3", event("p1 v2", "e-3"))), sns);
        assertEquals(List.of("p2 v1", "p1 v1", "p1 v2"), delivered, "the retry publishes them, in order");
    }

    @Test
    void onAStandardTopicOnlyTheMatchingEntryFails() {
        faults.failEntries(replies, request -> request.message().equals("reply-1"));

        BatchResult answer = faults.publishBatch(replies, List.of(new BatchEntry("1", PublishRequest.of(replies, "reply-1")),
                new BatchEntry("2", PublishRequest.of(replies, "reply-2"))), sns);

        assertEquals(List.of("1"), answer.failed().stream().map(BatchResult.Failure::id).toList());
        assertEquals(List.of("reply-2"), delivered);
    }

    @Test
    void aMessagePublishedTwiceReachesAFifoSubscriberTwiceDespiteDeduplication() {
        faults.publishTwice(events, request -> request.message().equals("v2"));

        faults.publishBatch(events, List.of(new BatchEntry("1", event("v1", "e-1")), new BatchEntry("2", event("v2", "e-2"))), sns);
        sns.publish(event("v2", "e-2")); // a plain retry within the window is still dropped

        assertEquals(List.of("v1", "v2", "v2"), delivered);
        assertEquals(1, faults.counts(events).publishedTwice());
    }

    @Test
    void aHeldMessageIsAcknowledgedAndArrivesAfterTheMessagesPublishedAfterIt() {
        faults.holdBack(events, request -> request.message().equals("v1"));

        BatchResult answer = faults.publishBatch(events,
                List.of(new BatchEntry("1", event("v1", "e-1")), new BatchEntry("2", event("v2", "e-2"))), sns);
        faults.heal(events);
        faults.publish(event("v3", "e-3"), sns);

        assertEquals(2, answer.successful().size(), "the publisher sees both entries published");
        assertTrue(answer.failed().isEmpty());
        assertEquals(List.of("v2", "v3"), delivered);
        assertEquals(1, faults.heldCount());

        assertEquals(1, faults.releaseHeld(Duration.ZERO));

        assertEquals(List.of("v2", "v3", "v1"), delivered);
        assertEquals(new PublishFaults.Counts(0, 0, 0, 0, 1, 1, 0), faults.counts(events));
    }

    @Test
    void messagesAreNotReleasedBeforeTheirMinimumHold() {
        faults.holdBack(replies, request -> true);
        faults.publish(PublishRequest.of(replies, "reply-1"), sns);

        assertEquals(0, faults.releaseHeld(Duration.ofSeconds(1)));
        assertEquals(List.of(), delivered);
    }

    @Test
    void withoutFaultsEveryCallGoesStraightThrough() {
        faults.failPublishes(replies, () -> true);
        faults.healAll();

        faults.publish(PublishRequest.of(replies, "reply-1"), sns);

        assertEquals(List.of("reply-1"), delivered);
        assertEquals(new PublishFaults.Counts(0, 0, 0, 0, 0, 0, 0), faults.counts(replies));
    }

    private PublishRequest event(String message, String eventId) {
        return PublishRequest.of(events, message).withFifo("product-1", eventId);
    }
}
