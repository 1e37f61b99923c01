package dev.catalog.local.harness.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a run's cost per million commands beside the naive baseline, with the goal: flat out
 * (the benchmark's main run) and, when there was one, at the paced phase's steady rate, where
 * invocations wait less for the shared cores but batches are smaller.
 */
final class CostReport {
    /** The goal: at most $5 per million commands, Aurora compute excluded. */
    static final double GOAL_USD_PER_MILLION = 5.0;

    private CostReport() {
    }

    static List<String> lines(CostModel.Cost actual, Optional<CostModel.Cost> paced, CostModel.Cost naive, PriceTable prices) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("cost per million commands (AWS %s list prices as of %s, bench/aws-prices.json; Aurora excluded):",
                prices.region(), prices.pricesAsOf()));
        lines.add(String.format("  %-46s %12s %12s %16s", "service", "flat out", "paced", "naive baseline"));
        Set<String> unpriced = new LinkedHashSet<>();
        for (int line = 0; line < actual.lines().size(); line++) {
            CostModel.CostLine mine = actual.lines().get(line);
            CostModel.CostLine theirs = naive.lines().get(line);
            mine.unpriced().ifPresent(unpriced::add);
            theirs.unpriced().ifPresent(unpriced::add);
            int position = line;
            String steady = paced.map(cost -> dollars(cost.perMillionCommands(cost.lines().get(position).usd()))).orElse("-");
            lines.add(String.format("  %-46s %12s %12s %16s", mine.service(), dollars(actual.perMillionCommands(mine.usd())), steady,
                    dollars(naive.perMillionCommands(theirs.usd()))));
        }
        double total = actual.perMillionCommands(actual.totalUsd());
        double naiveTotal = naive.perMillionCommands(naive.totalUsd());
        Optional<Double> pacedTotal = paced.map(cost -> cost.perMillionCommands(cost.totalUsd()));
        lines.add(String.format("  %-46s %12s %12s %16s   goal <= %s: flat out %s%s", "total", dollars(total),
                pacedTotal.map(CostReport::dollars).orElse("-"), dollars(naiveTotal), dollars(GOAL_USD_PER_MILLION), verdict(total),
                pacedTotal.map(steady -> ", paced " + verdict(steady)).orElse("")));
        actual.lines().stream().filter(line -> line.service().startsWith("Lambda duration")).findFirst().ifPresent(duration ->
                lines.add(String.format("  without Lambda duration (local wall time, inflated when the cores are contended): %s (naive %s)",
                        dollars(total - actual.perMillionCommands(duration.usd())),
                        dollars(naiveTotal - naive.perMillionCommands(naive.lines().stream()
                                .filter(line -> line.service().equals(duration.service())).mapToDouble(CostModel.CostLine::usd).sum())))));
        if (naiveTotal > 0) {
            lines.add(String.format("  the naive baseline costs %.1fx as much", naiveTotal / Math.max(total, 1e-12)));
        }
        if (!unpriced.isEmpty()) {
            lines.add("  not priced (no figure found, counted as $0): " + String.join(", ", unpriced));
        }
        return lines;
    }

    /** The goal for CloudWatch Logs: at most $0.20 per million commands. */
    static final double LOGS_GOAL_USD_PER_MILLION = 0.20;
    /** The rates the Aurora line prices. */
    static final List<Double> AURORA_RATES = List.of(1_000.0, 10_000.0);

    /**
     * What the table leaves out or sums across lines: the logs against their goal, Aurora
     * Serverless v2 compute at the ACU the measured PostgreSQL CPU needs (beside the total, which
     * excludes it), and the high-throughput FIFO prices the topics and queues run at.
     */
    static List<String> beside(CostModel.Cost actual, double postgresCpuSecondsPerCommand, PriceTable prices) {
        List<String> lines = new ArrayList<>();
        double logs = actual.lines().stream().filter(line -> line.service().startsWith("CloudWatch Logs"))
                .mapToDouble(line -> actual.perMillionCommands(line.usd())).sum();
        lines.add(String.format("  logs (EMF, function and platform lines) %s per million commands, goal <= %s: %s", dollars(logs),
                dollars(LOGS_GOAL_USD_PER_MILLION), logs <= LOGS_GOAL_USD_PER_MILLION ? "PASS" : "MISS"));
        double acuHour = prices.perUnit("aurora.serverlessv2.acu-hour").orElse(0.0);
        StringBuilder aurora = new StringBuilder(String.format(
                "  Aurora Serverless v2 compute, beside the total: PostgreSQL used %.2f ms of CPU per command here;",
                postgresCpuSecondsPerCommand * 1000));
        for (double rate : AURORA_RATES) {
            double acu = dev.catalog.local.harness.capacity.AuroraCapacity.acuAt(postgresCpuSecondsPerCommand, rate);
            aurora.append(String.format(" at %,.0f commands/s %.1f ACU, %s an hour, %s per million commands;", rate, acu,
                    dollars(acu * acuHour), dollars(acu * acuHour / (rate * 3600) * 1_000_000)));
        }
        aurora.append(" idle 0 ACU, $0 (MinCapacity 0: it pauses after 5 minutes without a connection)");
        lines.add(aurora.toString());
        lines.add(String.format("  high-throughput FIFO: topics %s per million publishes, queues %s per million requests"
                        + " (bench/aws-prices.json: no separate price found, the FIFO prices assumed)",
                dollars(prices.perUnit("sns.fifo.highthroughput.publish").orElse(0.0) * 1_000_000),
                dollars(prices.perUnit("sqs.fifo.highthroughput.requests").orElse(0.0) * 1_000_000)));
        return lines;
    }

    private static String verdict(double usdPerMillion) {
        return usdPerMillion <= GOAL_USD_PER_MILLION ? "PASS" : "MISS";
    }

    static String dollars(double usd) {
        return usd >= 100 ? String.format("$%,.0f", usd) : String.format("$%.2f", usd);
    }
}
