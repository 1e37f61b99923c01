package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;
import dev.catalog.local.fuzz.BadRequestGenerator;
import dev.catalog.local.fuzz.FuzzRunner;
import org.junit.jupiter.api.Test;

/** A small run of the fuzz suite (`make fuzz` runs 1,200): no 5xx, nothing accepted, nothing published. */
class FuzzE2ET {

    @Test
    void generatedBadRequestsAreAllRefusedAndPublishNothing() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            FuzzRunner.Report report = new FuzzRunner(runtime).run(new BadRequestGenerator(7).generate(240));

            assertEquals(240, report.sent());
            assertTrue(report.passed(), report.summary());
            assertEquals(0, report.otherClientErrors(), report.summary());
            assertTrue(report.problemJson() > 150, report.summary());
        }
    }
}
