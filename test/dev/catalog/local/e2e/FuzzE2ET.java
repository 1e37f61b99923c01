package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.harness.fuzz.BadRequestGenerator;
import dev.catalog.local.harness.fuzz.FuzzRunner;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A smaller run of the fuzz suite (`make fuzz` runs 2,400) with every class of input: as many
 * cases as it takes to send each foreign sample event to each SQS function once. No 5xx, no bad
 * request accepted, every accepted command completed, nothing published on a 4xx, no function error,
 * every bad row of an import file reported.
 */
class FuzzE2ET {

    @Test
    void generatedBadRequestsAreAllRefusedOrCompletedAndForeignEventsEndCleanly() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            BadRequestGenerator generator = new BadRequestGenerator(7, FuzzRunner.sqsFunctions(runtime));
            int count = BadRequestGenerator.KINDS.size() * generator.foreignEventCombinations();
            FuzzRunner.Report report = new FuzzRunner(runtime).run(generator.generate(count));

            assertEquals(count, report.sent());
            assertEquals(Set.copyOf(BadRequestGenerator.KINDS), report.byKind().keySet(), report.summary());
            assertTrue(report.passed(), report.summary());
            assertEquals(7, FuzzRunner.sqsFunctions(runtime).size(), FuzzRunner.sqsFunctions(runtime).toString());
            assertEquals(generator.foreignEventCombinations(), report.cleanInvocations(), report.summary());
            assertTrue(report.acceptedAndCompleted() > 0, "decomposed names accepted and completed: " + report.summary());
            assertEquals(report.byKind().get("import-file"), report.importsReported(), "every import file's bad rows reported: " + report.summary());
            assertEquals(0, report.otherClientErrors(), report.summary());
            assertTrue(report.problemJson() > count / 2, report.summary());
        }
    }
}
