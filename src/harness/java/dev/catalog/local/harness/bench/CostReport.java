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

    private static String verdict(double usdPerMillion) {
        return usdPerMillion <= GOAL_USD_PER_MILLION ? "PASS" : "MISS";
    }

    static String dollars(double usd) {
        return usd >= 100 ? String.format("$%,.0f", usd) : String.format("$%.2f", usd);
    }
}
