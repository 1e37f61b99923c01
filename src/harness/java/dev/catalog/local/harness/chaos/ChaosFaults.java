package dev.catalog.local.harness.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the faults of a chaos run on and off in the running pipeline, and counts what each did:
 * handler exceptions on a share of messages, lost deletes, SNS failures, repeated and held-back
 * publishes, a PostgreSQL outage.
 */
final class ChaosFaults {
    /** The functions the commands flow through after the API. */
    static final List<String> CONSUMERS = List.of("productWorker", "projector", "commandStatusWriter");

    private final Faults faults;
    private final ChaosPlan plan;
    private final Topics topics;
    private final PublishFaults sns;
    private final Map<String, AtomicLong> handlerFailures = new LinkedHashMap<>();
    /** Messages that have made their function throw once: a healed bug does not strike the same message twice. */
    private final Set<String> struck = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> lostDeletesAsked = new ConcurrentHashMap<>();
    private volatile Duration databaseDowntime = Duration.ZERO;
    private final AtomicLong databaseOutages = new AtomicLong();

    /** The three topics of the command flow. */
    record Topics(String commands, String events, String replies) {
        List<String> all() {
            return List.of(commands, events, replies);
        }
    }

    ChaosFaults(Faults faults, ChaosPlan plan, Topics topics) {
        this.faults = faults;
        this.plan = plan;
        this.topics = topics;
        this.sns = faults.snsPublishes();
        CONSUMERS.forEach(function -> handlerFailures.put(function, new AtomicLong()));
    }

    /** For the whole run: a share of every topic's messages is delivered twice, and a share of the events arrives late. */
    void repeatAndDelayPublishes() {
        for (String topic : topics.all()) {
            Chance repeat = new Chance(seedFor("repeat " + topic), plan.repeatShare());
            sns.publishTwice(topic, request -> repeat.of(request.message()));
        }
        Chance holdBack = new Chance(seedFor("hold back"), plan.holdBackShare());
        sns.holdBack(topics.events(), request -> holdBack.of(request.message()));
    }

    /** Each consumer throws on the first delivery of a seeded share of its messages, as a bug would until it is fixed. */
    void failHandlers() {
        for (String function : CONSUMERS) {
            Chance strikes = new Chance(seedFor("handler " + function), plan.handlerFailureShare());
            AtomicLong failures = handlerFailures.get(function);
            faults.failOn(function, body -> {
                if (strikes.of(body) && struck.add(function + "\n" + body)) {
                    failures.incrementAndGet();
                    return true;
                }
                return false;
            });
        }
    }

    void healHandlers() {
        CONSUMERS.forEach(faults::heal);
    }

    /**
     * SNS answers a share of the requests on the three topics with 500, some after publishing
     * anyway, and fails a share of the entries of the PublishBatch requests it takes.
     */
    void breakSns() {
        for (String topic : topics.all()) {
            sns.failPublishes(topic, new Chance(seedFor("fail " + topic), plan.publishFailureShare()));
            sns.loseAnswers(topic, new Chance(seedFor("lose " + topic), plan.lostAnswerShare()));
            // Drawn per attempt, not per message: a retried entry gets a new chance, as with a passing fault.
            Chance failEntry = new Chance(seedFor("fail entries " + topic), plan.failedEntryShare());
            sns.failEntries(topic, request -> failEntry.getAsBoolean());
        }
    }

    void healSns() {
        for (String topic : topics.all()) {
            sns.failPublishes(topic, () -> false);
            sns.loseAnswers(topic, () -> false);
            sns.failEntries(topic, request -> false);
        }
    }

    /**
     * How long SNS throttles every publish to the commands topic: longer than the SDK's own retries
     * of a throttled request last (about 3.5 s), so the requests of its first seconds reach the API.
     */
    static final Duration THROTTLE = Duration.ofSeconds(5);

    /** For {@link #THROTTLE} the commands topic answers every publish Throttled, as above SNS's quota; blocks until it is lifted. */
    void throttleCommands() {
        sns.throttleAbove(topics.commands(), 0);
        try {
            Thread.sleep(THROTTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sns.unthrottle(topics.commands());
        }
    }

    /** The next few batches of each consumer are processed but not deleted, as when the container dies before the delete. */
    void loseDeletes() {
        for (String function : CONSUMERS) {
            faults.loseDeletes(function, plan.lostDeletes());
            lostDeletesAsked.merge(function, plan.lostDeletes(), Integer::sum);
        }
    }

    /** Stops PostgreSQL, waits the planned outage, starts it again; blocks for the whole outage. */
    void databaseOutage() {
        long started = System.nanoTime();
        try {
            faults.stopDatabase();
            Thread.sleep(plan.databaseOutage().toMillis());
            faults.restartDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("the PostgreSQL outage could not be staged", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the PostgreSQL outage", e);
        }
        databaseDowntime = Duration.ofNanos(System.nanoTime() - started);
        databaseOutages.incrementAndGet();
    }

    /** Every fault off; messages held back stay held until released. */
    void healAll() {
        healHandlers();
        sns.healAll();
    }

    int releaseHeld(Duration minimumHold) {
        return sns.releaseHeld(minimumHold);
    }

    int heldCount() {
        return sns.heldCount();
    }

    FaultsStruck struck() {
        Map<String, Long> failures = new LinkedHashMap<>();
        handlerFailures.forEach((function, count) -> failures.put(function, count.get()));
        Map<String, Integer> lostDeletes = new LinkedHashMap<>();
        for (String function : CONSUMERS) {
            lostDeletes.put(function, lostDeletesAsked.getOrDefault(function, 0) - faults.pendingLostDeletes(function));
        }
        Map<String, PublishFaults.Counts> publishes = new LinkedHashMap<>();
        publishes.put("commands", sns.counts(topics.commands()));
        publishes.put("events", sns.counts(topics.events()));
        publishes.put("replies", sns.counts(topics.replies()));
        return new FaultsStruck(failures, lostDeletes, databaseOutages.get(), databaseDowntime, publishes);
    }

    private long seedFor(String purpose) {
        return plan.seed() * 1_000_003L + purpose.hashCode();
    }
}
