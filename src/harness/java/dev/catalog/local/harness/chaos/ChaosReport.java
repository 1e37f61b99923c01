package dev.catalog.local.harness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one chaos run and whether its must-rules held: nothing lost, nothing applied
 * twice, only the deliberate poison in the dead-letter queues, every view equal to Aurora (and no
 * valid request refused, no command failing for a reason the workload does not provoke).
 *
 * @param sweptRows          outbox rows the worker's relay missed and the sweeper published
 * @param duplicatesAbsorbed deliveries the consumers recognised as already handled
 * @param submitting         how long the clients took to submit every command
 * @param drain              from the last accepted command until everything settled (or the drain timeout)
 * @param drained            false when the drain timeout passed before everything settled
 */
public record ChaosReport(ChaosPlan plan, ChaosVerdict verdict, FaultsStruck struck, ClientFigures clients, long sweptRows,
                          long duplicatesAbsorbed, Duration submitting, Duration drain, boolean drained) {
    private static final int EXAMPLES = 5;

    public boolean passed() {
        return verdict.passed() && clients.refused().isEmpty() && backpressureHeld();
    }

    /**
     * While SNS throttled the commands topic, the API answered 503 THROTTLED (so clients slow down),
     * and every 5xx it gave carried Retry-After.
     */
    public boolean backpressureHeld() {
        long throttled = struck.publishes().getOrDefault("commands", new PublishFaults.Counts(0, 0, 0, 0, 0, 0, 0)).throttledRequests();
        long answeredThrottled = clients.serverErrors().getOrDefault("503 THROTTLED", 0L);
        boolean withoutRetryAfter = clients.serverErrors().keySet().stream().anyMatch(kind -> kind.endsWith(RetryingApiClient.WITHOUT_RETRY_AFTER));
        return (throttled == 0 || answeredThrottled > 0) && !withoutRetryAfter;
    }

    /** The lines {@code make chaos} prints: each starts with "chaos" or two spaces. */
    public List<String> lines() {
        ChaosVerdict v = verdict;
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("chaos (seed %d): %d commands over %d products from %d clients at %d/s, %.0f%% of requests bulk",
                plan.seed(), plan.commands(), plan.products(), plan.clients(), plan.commandsPerSecond(), plan.bulkShare() * 100));
        lines.add(String.format("  submitted         %d accepted in %.1f s (%d single requests, %d commands in %d bulk requests)",
                v.submitted(), seconds(submitting), clients.singleRequests(), clients.bulkCommands(), clients.bulkRequests()));
        lines.add(String.format("                    API answered 5xx %d times %s, network errors %d: all retried with the same"
                        + " idempotency keys; commands given up %d", clients.serverErrorsTotal(), clients.serverErrors(),
                clients.networkErrors(), clients.gaveUp()));
        lines.add(String.format("  succeeded         %d", v.succeeded()));
        lines.add(String.format("  failed by design  %d %s", v.failedByDesignTotal(), v.failedByDesign()));
        if (!v.failedOtherwise().isEmpty()) {
            lines.add(String.format("  failed otherwise  %d %s   <- must be 0", v.failedOtherwiseTotal(), v.failedOtherwise()));
        }
        lines.add(String.format("  lost              %d%s", v.lost().size(), mustBeZero(v.lost())));
        lines.add(String.format("  applied twice     %d%s", v.appliedTwice().size(), mustBeZero(v.appliedTwice())));
        lines.add(String.format("  left in DLQs      %d (deliberate poison %d, not poison %d)%s %s", v.leftInDeadLetters(), v.poison(),
                v.unexpectedDeadLetters().size(), v.deadLettersAreThePoison() ? "" : "   <- must be exactly the poison",
                nonEmpty(v.deadLetters())));
        lines.add(String.format("  unpublished       %d outbox rows%s", v.unpublishedOutboxRows(),
                v.unpublishedOutboxRows() == 0 ? "" : "   <- must be 0"));
        lines.add(String.format("  views ≠ Aurora    %d of %d products%s", v.viewsDiffering().size(), v.productsChecked(),
                mustBeZero(v.viewsDiffering())));
        lines.add(String.format("  time to drain     %.1f s from the last accepted command%s", seconds(drain),
                drained ? "" : " (drain timeout: the pipeline did not settle)"));
        if (!clients.refused().isEmpty()) {
            lines.add("  refused           " + clients.refused().size() + " valid requests answered 4xx   <- must be 0: "
                    + clients.refused().stream().limit(EXAMPLES).toList());
        }
        lines.add(String.format("  faults            handler exceptions %d %s; lost deletes %d %s; PostgreSQL down %d× (%.1f s)",
                struck.handlerFailuresTotal(), struck.handlerFailures(), struck.lostDeletesTotal(), struck.lostDeletes(),
                struck.databaseOutages(), seconds(struck.databaseDowntime())));
        lines.add(String.format("  SNS faults        500 before publishing %d %s; published but answered 500 %d %s",
                struck.publishTotal(PublishFaults.Counts::failedRequests), byTopic(PublishFaults.Counts::failedRequests),
                struck.publishTotal(PublishFaults.Counts::lostAnswers), byTopic(PublishFaults.Counts::lostAnswers)));
        lines.add(String.format("                    batch entries failed, unpublished %d %s",
                struck.publishTotal(PublishFaults.Counts::failedEntries), byTopic(PublishFaults.Counts::failedEntries)));
        lines.add(String.format("                    delivered twice %d %s; events held back and delivered after newer ones %d",
                struck.publishTotal(PublishFaults.Counts::publishedTwice), byTopic(PublishFaults.Counts::publishedTwice),
                struck.publishTotal(PublishFaults.Counts::released)));
        lines.add(String.format("                    throttled %d %s, answered by the API as %d × 503 THROTTLED with Retry-After",
                struck.publishTotal(PublishFaults.Counts::throttledRequests), byTopic(PublishFaults.Counts::throttledRequests),
                clients.serverErrors().getOrDefault("503 THROTTLED", 0L)));
        lines.add(String.format("  replies           %d delivered to a client subscription for %d commands (at least once: copies are"
                + " identical)", v.repliesDelivered(), v.submitted()));
        lines.add(String.format("  recovery          %d outbox rows the relay missed published by the sweeper (run every second with"
                + " a 3 s grace; deployed: every minute, 30 s); %d duplicate deliveries recognised by the consumers",
                sweptRows, duplicatesAbsorbed));
        for (List<String> findings : List.of(v.lost(), v.appliedTwice(), v.viewsDiffering(), v.unexpectedDeadLetters())) {
            findings.stream().limit(EXAMPLES).forEach(finding -> lines.add("    " + finding));
        }
        lines.add(passed() ? "chaos: PASSED (0 lost, 0 applied twice, DLQs hold exactly the poison, 0 unpublished outbox rows,"
                + " every view equals Aurora)" : "chaos: FAILED (" + String.join(", ", brokenRules()) + ")");
        return lines;
    }

    /** The must-rules this run broke, by name, for the last line. */
    public List<String> brokenRules() {
        ChaosVerdict v = verdict;
        List<String> broken = new java.util.ArrayList<>();
        if (!v.lost().isEmpty()) {
            broken.add(v.lost().size() + " lost");
        }
        if (!v.appliedTwice().isEmpty()) {
            broken.add(v.appliedTwice().size() + " applied twice");
        }
        if (!v.unexpectedDeadLetters().isEmpty()) {
            broken.add(v.unexpectedDeadLetters().size() + " dead letters that are not poison");
        }
        if (v.leftInDeadLetters() != v.poison()) {
            broken.add(v.leftInDeadLetters() + " dead letters for " + v.poison() + " poison");
        }
        if (v.unpublishedOutboxRows() != 0) {
            broken.add(v.unpublishedOutboxRows() + " unpublished outbox rows");
        }
        if (!v.viewsDiffering().isEmpty()) {
            broken.add(v.viewsDiffering().size() + " views differ from Aurora");
        }
        if (!v.failedOtherwise().isEmpty()) {
            broken.add(v.failedOtherwiseTotal() + " commands failed otherwise");
        }
        if (!clients.refused().isEmpty()) {
            broken.add(clients.refused().size() + " valid requests refused");
        }
        if (!backpressureHeld()) {
            broken.add("SNS throttling not answered as 503 THROTTLED with Retry-After");
        }
        return broken;
    }

    public String summary() {
        return String.join(System.lineSeparator(), lines());
    }

    private String byTopic(java.util.function.ToLongFunction<PublishFaults.Counts> count) {
        return struck.publishes().entrySet().stream()
                .map(topic -> topic.getKey() + " " + count.applyAsLong(topic.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String mustBeZero(List<String> findings) {
        return findings.isEmpty() ? "" : "   <- must be 0";
    }

    private static Map<String, Integer> nonEmpty(Map<String, Integer> depths) {
        return depths.entrySet().stream().filter(depth -> depth.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
