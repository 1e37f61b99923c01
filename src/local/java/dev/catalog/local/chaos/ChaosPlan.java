package dev.catalog.local.chaos;

import java.time.Duration;

/**
 * The size of a chaos run and how hard each fault strikes. Every random decision of the run (the
 * commands, which messages fail, which publishes fail, repeat or wait) derives from {@code seed},
 * so a seed replays the same workload and the same fault decisions; thread timing still differs.
 *
 * @param commands             commands the clients submit in all
 * @param products             products they create and then change
 * @param clients              concurrent HTTP clients
 * @param bulkShare            share of client requests sent to {@code POST /v1/commands} (2 to 10 commands each)
 * @param commandsPerSecond    the pace the clients keep together, so the faults meet a steady flow
 * @param handlerFailureShare  share of SQS messages whose first delivery makes the function throw
 * @param publishFailureShare  share of SNS requests answered 500 (nothing published) while SNS misbehaves
 * @param lostAnswerShare      share of SNS requests published but answered 500 while SNS misbehaves
 * @param failedEntryShare     share of PublishBatch entries that come back failed, unpublished, while SNS misbehaves
 * @param repeatShare          share of published messages delivered a second time
 * @param holdBackShare        share of events held back so that later versions overtake them
 * @param holdBack             how long a held-back event waits
 * @param lostDeletes          batches per consumer whose delete is lost, at each of four moments of the run
 * @param poisonPerQueue       malformed messages put on each consumer queue (they must end in its dead-letter queue)
 * @param databaseOutage       how long PostgreSQL stays down (once, in the middle of the run)
 * @param drainTimeout         how long to wait for the pipeline to settle after the last command was accepted
 */
public record ChaosPlan(long seed, int commands, int products, int clients, double bulkShare, int commandsPerSecond,
                        double handlerFailureShare, double publishFailureShare, double lostAnswerShare, double failedEntryShare,
                        double repeatShare, double holdBackShare, Duration holdBack, int lostDeletes, int poisonPerQueue,
                        Duration databaseOutage, Duration drainTimeout) {

    public ChaosPlan {
        if (commands < 1 || products < 1 || clients < 1 || commandsPerSecond < 1) {
            throw new IllegalArgumentException("a chaos run needs at least one command, product, client and command per second");
        }
    }

    /** What {@code make chaos} runs by default: long enough for every fault to meet a steady flow. */
    public static ChaosPlan standard(long seed, int commands) {
        return new ChaosPlan(seed, commands, Math.max(10, commands / 8), 12, 0.25, 120,
                0.02, 0.6, 0.1, 0.1, 0.05, 0.05, Duration.ofMillis(1500), 1, 3, Duration.ofSeconds(2), Duration.ofMinutes(3));
    }

    /** The version {@code make test} runs: a few hundred commands, every fault at least once. */
    public static ChaosPlan small(long seed) {
        return new ChaosPlan(seed, 300, 50, 8, 0.25, 60,
                0.06, 0.6, 0.3, 0.1, 0.08, 0.15, Duration.ofMillis(1500), 1, 1, Duration.ofMillis(1500), Duration.ofSeconds(45));
    }
}
