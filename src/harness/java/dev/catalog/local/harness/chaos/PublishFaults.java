package dev.catalog.local.harness.chaos;

import dev.catalog.local.aws.sns.BatchEntry;
import dev.catalog.local.aws.sns.BatchResult;
import dev.catalog.local.aws.sns.LocalSns;
import dev.catalog.local.aws.sns.PublishInterceptor;
import dev.catalog.local.aws.sns.PublishRequest;
import dev.catalog.local.aws.sns.PublishResult;
import dev.catalog.local.aws.sns.PublishThrottle;
import dev.catalog.local.aws.sns.SnsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What can go wrong between a publisher and SNS, injected per topic at the SNS endpoint, so the
 * code under test meets it through its real SDK client:
 * <ul>
 *   <li>{@link #failPublishes}: the request is answered {@code 500 InternalError} and nothing is
 *       published (the SDK retries; a publisher that runs out of retries must cope);</li>
 *   <li>{@link #loseAnswers}: the request is published, then answered {@code 500} all the same, as
 *       when the answer is lost on the way back (the retry publishes again);</li>
 *   <li>{@link #failEntries}: a PublishBatch succeeds in part, the matching entries come back
 *       failed and are not published;</li>
 *   <li>{@link #publishTwice}: each matching message is delivered a second time, as a publisher's
 *       retry after the deduplication window would deliver it;</li>
 *   <li>{@link #holdBack}: matching messages are acknowledged but delivered only when released,
 *       so later messages overtake them (out-of-order delivery);</li>
 *   <li>{@link #throttleAbove}: requests beyond a rate of messages a second are answered
 *       {@code 429 Throttled} and publish nothing, as SNS answers above its publish quota.</li>
 * </ul>
 * Decisions come from the caller's suppliers and predicates, so a seeded caller replays them.
 */
public final class PublishFaults implements PublishInterceptor {
    private static final System.Logger LOG = System.getLogger(PublishFaults.class.getName());

    private final Map<String, BooleanSupplier> failures = new ConcurrentHashMap<>();
    private final Map<String, BooleanSupplier> lostAnswers = new ConcurrentHashMap<>();
    private final Map<String, Predicate<PublishRequest>> entryFailures = new ConcurrentHashMap<>();
    private final Map<String, Predicate<PublishRequest>> repeats = new ConcurrentHashMap<>();
    private final Map<String, Predicate<PublishRequest>> holds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final Clock clock;
    /** The service held messages are released to: the one the held publish was meant for. */
    private volatile LocalSns heldFor;

    public PublishFaults(Clock clock) {
        this.clock = clock;
    }

    /** How often each fault struck a topic so far. */
    public record Counts(long failedRequests, long lostAnswers, long failedEntries, long publishedTwice, long heldBack, long released,
                         long throttledRequests) {
    }

    private record Held(PublishRequest request, Instant heldAt) {
    }

    private static final class Counters {
        final AtomicLong failedRequests = new AtomicLong();
        final AtomicLong lostAnswers = new AtomicLong();
        final AtomicLong failedEntries = new AtomicLong();
        final AtomicLong publishedTwice = new AtomicLong();
        final AtomicLong heldBack = new AtomicLong();
        final AtomicLong released = new AtomicLong();
        final AtomicLong throttledRequests = new AtomicLong();
    }

    private final Map<String, PublishThrottle> throttles = new ConcurrentHashMap<>();

    /** Publish and PublishBatch requests to {@code topicArn} fail, publishing nothing, whenever {@code failNow} says so. */
    public void failPublishes(String topicArn, BooleanSupplier failNow) {
        failures.put(topicArn, failNow);
    }

    /** Requests to {@code topicArn} are published but answered {@code 500} whenever {@code loseNow} says so. */
    public void loseAnswers(String topicArn, BooleanSupplier loseNow) {
        lostAnswers.put(topicArn, loseNow);
    }

    /**
     * PublishBatch entries to {@code topicArn} that match come back failed ({@code InternalError},
     * not the sender's fault) and are not published. On a FIFO topic the later entries of the same
     * message group in that batch fail with them, so that none overtakes it.
     */
    public void failEntries(String topicArn, Predicate<PublishRequest> which) {
        entryFailures.put(topicArn, which);
    }

    /**
     * Messages to {@code topicArn} that match are delivered twice. On a FIFO topic the copy carries
     * another deduplication id, as a copy sent after the five-minute deduplication window would.
     */
    public void publishTwice(String topicArn, Predicate<PublishRequest> which) {
        repeats.put(topicArn, which);
    }

    /** Messages to {@code topicArn} that match are acknowledged now and delivered at the next {@link #releaseHeld}. */
    public void holdBack(String topicArn, Predicate<PublishRequest> which) {
        holds.put(topicArn, which);
    }

    /**
     * Publish and PublishBatch requests to {@code topicArn} beyond {@code messagesPerSecond} messages a
     * second (a second's worth may come at once) are answered {@code 429 Throttled}, publishing nothing;
     * at 0 every request is.
     */
    public void throttleAbove(String topicArn, double messagesPerSecond) {
        throttles.put(topicArn, new PublishThrottle(messagesPerSecond, System::nanoTime));
    }

    /** Lifts {@link #throttleAbove}. */
    public void unthrottle(String topicArn) {
        throttles.remove(topicArn);
    }

    /** Removes every fault of {@code topicArn}; messages already held stay held until released. */
    public void heal(String topicArn) {
        failures.remove(topicArn);
        lostAnswers.remove(topicArn);
        entryFailures.remove(topicArn);
        repeats.remove(topicArn);
        holds.remove(topicArn);
        throttles.remove(topicArn);
    }

    /** Removes the faults of every topic; messages already held stay held until released. */
    public void healAll() {
        failures.clear();
        lostAnswers.clear();
        entryFailures.clear();
        repeats.clear();
        holds.clear();
        throttles.clear();
    }

    /**
     * Delivers, oldest first, the messages held for at least {@code minimumHold}.
     *
     * @return how many were delivered
     */
    public int releaseHeld(Duration minimumHold) {
        Instant cutoff = clock.instant().minus(minimumHold);
        int released = 0;
        // One releaser at a time, so held messages go out in the order they were held.
        synchronized (held) {
            for (Iterator<Held> oldestFirst = held.iterator(); oldestFirst.hasNext(); ) {
                Held message = oldestFirst.next();
                if (message.heldAt().isAfter(cutoff)) {
                    break;
                }
                oldestFirst.remove();
                try {
                    heldFor.publish(message.request());
                    counters(message.request().topicArn()).released.incrementAndGet();
                    released++;
                } catch (SnsException e) {
                    // Held before SNS could validate it: what SNS would have refused at once is dropped now.
                    LOG.log(System.Logger.Level.WARNING, "a held message to " + message.request().topicArn()
                            + " was refused on release: " + e.code());
                }
            }
        }
        return released;
    }

    /** How many messages are held back now. */
    public int heldCount() {
        return held.size();
    }

    public Counts counts(String topicArn) {
        Counters topic = counters(topicArn);
        return new Counts(topic.failedRequests.get(), topic.lostAnswers.get(), topic.failedEntries.get(), topic.publishedTwice.get(),
                topic.heldBack.get(), topic.released.get(), topic.throttledRequests.get());
    }

    @Override
    public PublishResult publish(PublishRequest request, LocalSns sns) {
        String topicArn = request.topicArn();
        throttleIfAbove(topicArn, 1);
        failIfAsked(topicArn);
        PublishResult result;
        if (matches(holds, request)) {
            result = hold(request, sns);
        } else {
            result = sns.publish(request);
            repeatIfAsked(request, sns);
        }
        loseAnswerIfAsked(topicArn);
        return result;
    }

    @Override
    public BatchResult publishBatch(String topicArn, List<BatchEntry> entries, LocalSns sns) {
        throttleIfAbove(topicArn, entries.size());
        failIfAsked(topicArn);
        List<BatchEntry> passed = new ArrayList<>();
        List<BatchResult.Success> heldEntries = new ArrayList<>();
        List<BatchResult.Failure> failedEntries = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        for (BatchEntry entry : entries) {
            PublishRequest onTopic = onTopic(topicArn, entry.request());
            String group = onTopic.messageGroupId();
            if (matches(entryFailures, onTopic) || (group != null && failedGroups.contains(group))) {
                if (group != null) {
                    failedGroups.add(group);
                }
                counters(topicArn).failedEntries.incrementAndGet();
                failedEntries.add(new BatchResult.Failure(entry.id(), "InternalError",
                        "The entry could not be published (a fault the local runtime injected).", false));
            } else if (matches(holds, onTopic)) {
                PublishResult result = hold(onTopic, sns);
                heldEntries.add(new BatchResult.Success(entry.id(), result.messageId(), result.sequenceNumber()));
            } else {
                passed.add(entry);
            }
        }
        BatchResult result = passed.isEmpty() ? new BatchResult(List.of(), List.of()) : sns.publishBatch(topicArn, passed);
        for (BatchEntry entry : passed) {
            if (result.successful().stream().anyMatch(success -> success.id().equals(entry.id()))) {
                repeatIfAsked(onTopic(topicArn, entry.request()), sns);
            }
        }
        loseAnswerIfAsked(topicArn);
        List<BatchResult.Success> successful = new ArrayList<>(result.successful());
        successful.addAll(heldEntries);
        List<BatchResult.Failure> failed = new ArrayList<>(result.failed());
        failed.addAll(failedEntries);
        return new BatchResult(successful, failed);
    }

    private void throttleIfAbove(String topicArn, int messages) {
        PublishThrottle throttle = throttles.get(topicArn);
        if (throttle != null && !throttle.tryTake(messages)) {
            counters(topicArn).throttledRequests.incrementAndGet();
            throw SnsException.throttled("Rate exceeded: more than " + throttle.messagesPerSecond() + " messages a second to " + topicArn);
        }
    }

    private void failIfAsked(String topicArn) {
        BooleanSupplier failNow = failures.get(topicArn);
        if (failNow != null && failNow.getAsBoolean()) {
            counters(topicArn).failedRequests.incrementAndGet();
            throw internalError();
        }
    }

    private void loseAnswerIfAsked(String topicArn) {
        BooleanSupplier loseNow = lostAnswers.get(topicArn);
        if (loseNow != null && loseNow.getAsBoolean()) {
            counters(topicArn).lostAnswers.incrementAndGet();
            throw internalError();
        }
    }

    private void repeatIfAsked(PublishRequest request, LocalSns sns) {
        if (!matches(repeats, request)) {
            return;
        }
        String deduplicationId = request.messageDeduplicationId();
        PublishRequest copy = deduplicationId == null ? request
                : request.withFifo(request.messageGroupId(), deduplicationId + "-again");
        sns.publish(copy);
        counters(request.topicArn()).publishedTwice.incrementAndGet();
    }

    private PublishResult hold(PublishRequest request, LocalSns sns) {
        heldFor = sns;
        held.add(new Held(request, clock.instant()));
        counters(request.topicArn()).heldBack.incrementAndGet();
        // A FIFO topic answers with a sequence number; the publisher has no use for its value.
        return new PublishResult(UUID.randomUUID().toString(), request.messageGroupId() == null ? null : "0");
    }

    private static boolean matches(Map<String, Predicate<PublishRequest>> faults, PublishRequest request) {
        Predicate<PublishRequest> which = faults.get(request.topicArn());
        return which != null && which.test(request);
    }

    private static PublishRequest onTopic(String topicArn, PublishRequest request) {
        return new PublishRequest(topicArn, request.message(), request.subject(), request.messageStructure(),
                request.messageAttributes(), request.messageGroupId(), request.messageDeduplicationId());
    }

    private Counters counters(String topicArn) {
        return counters.computeIfAbsent(topicArn, ignored -> new Counters());
    }

    private static SnsException internalError() {
        return new SnsException("InternalError", 500, "The request could not be completed (a fault the local runtime injected).");
    }
}
