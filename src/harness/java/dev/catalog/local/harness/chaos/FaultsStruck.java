package dev.catalog.local.harness.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * How often each fault of a chaos run struck.
 *
 * @param handlerFailures  batches each consumer failed because the injected bug struck one of its messages
 * @param lostDeletes      batches of each consumer processed but not deleted (delivered again)
 * @param databaseOutages  times PostgreSQL was stopped and started again
 * @param databaseDowntime how long the last outage lasted, restart included
 * @param publishes        the SNS endpoint's faults, by topic ({@code commands}, {@code events}, {@code replies})
 */
public record FaultsStruck(Map<String, Long> handlerFailures, Map<String, Integer> lostDeletes, long databaseOutages,
                           Duration databaseDowntime, Map<String, PublishFaults.Counts> publishes) {

    public long handlerFailuresTotal() {
        return handlerFailures.values().stream().mapToLong(Long::longValue).sum();
    }

    public long lostDeletesTotal() {
        return lostDeletes.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** One count of the SNS faults summed over the topics. */
    public long publishTotal(ToLongFunction<PublishFaults.Counts> count) {
        return publishes.values().stream().mapToLong(count).sum();
    }
}
