package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.chaos.ChaosPlan;
import dev.catalog.local.harness.chaos.ChaosReport;
import dev.catalog.local.harness.chaos.ChaosRunner;
import dev.catalog.local.harness.chaos.Faults;
import dev.catalog.local.harness.chaos.FaultsStruck;
import dev.catalog.local.harness.chaos.PublishFaults;
import org.junit.jupiter.api.Test;

/**
 * A small run of the chaos suite (`make chaos` runs 3,000 commands): a few hundred commands
 * through the HTTP API while every kind of fault strikes at least once. Nothing is lost, nothing
 * is applied twice, the dead-letter queues hold exactly the poison and every view equals Aurora.
 */
class ChaosE2ET {

    @Test
    void underEveryKindOfFaultNothingIsLostNothingIsAppliedTwiceAndEveryViewEqualsAurora() throws Exception {
        ChaosReport report;
        Faults faults = new Faults();
        try (LocalRuntime runtime = LocalRuntime.start(RuntimePipeline.testOptions().withFaults(faults))) {
            report = new ChaosRunner(runtime, faults, ChaosPlan.small(20261121L)).run();
        }
        String summary = report.summary();
        System.out.println(summary);

        assertEquals(300, report.verdict().submitted(), summary);
        assertEquals(0, report.verdict().lost().size(), summary);
        assertEquals(0, report.verdict().appliedTwice().size(), summary);
        assertEquals(report.verdict().poison(), report.verdict().leftInDeadLetters(), summary);
        assertEquals(0, report.verdict().viewsDiffering().size(), summary);
        assertTrue(report.verdict().productsChecked() > 0, summary);
        assertTrue(report.passed(), summary);

        FaultsStruck struck = report.struck();
        assertTrue(struck.handlerFailuresTotal() > 0, "handler exceptions: " + summary);
        assertTrue(struck.lostDeletesTotal() > 0, "lost deletes: " + summary);
        assertEquals(1, struck.databaseOutages(), "PostgreSQL outage: " + summary);
        assertTrue(struck.publishes().get("commands").failedRequests() > 0, "API publish failures: " + summary);
        assertTrue(struck.publishes().get("events").failedRequests() + struck.publishes().get("replies").failedRequests() > 0,
                "relay publish failures: " + summary);
        assertTrue(struck.publishTotal(PublishFaults.Counts::lostAnswers) > 0, "lost answers: " + summary);
        assertTrue(struck.publishes().get("commands").failedEntries() > 0, "API bulk publishes failing in part: " + summary);
        assertTrue(struck.publishes().get("events").failedEntries() + struck.publishes().get("replies").failedEntries() > 0,
                "relay publishes failing in part: " + summary);
        assertTrue(struck.publishTotal(PublishFaults.Counts::publishedTwice) > 0, "duplicate publishes: " + summary);
        assertTrue(struck.publishes().get("events").released() > 0, "out-of-order events: " + summary);
        assertTrue(report.duplicatesAbsorbed() > 0, "duplicates recognised: " + summary);
    }
}
