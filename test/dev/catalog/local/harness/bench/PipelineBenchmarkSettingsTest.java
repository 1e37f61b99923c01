package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PipelineBenchmarkSettingsTest {
    @Test
    void readsEveryOptionAndKeepsTheDefaultsOfTheOthers() {
        PipelineBenchmark.Settings settings = PipelineBenchmark.Settings.parse(new String[] {
                "--commands", "3000", "--clients", "8", "--bulk-share", "0.5", "--prices", "prices.json", "--paced-rate", "40"});

        assertEquals(new PipelineBenchmark.Settings(3000, CommandPlan.DEFAULT_PRODUCTS, 8, 0.5, 300, Path.of("prices.json"), 30, 40),
                settings, "the warm-up is a tenth of the run unless given");
    }

    @Test
    void theWarmUpIsAtMostAThousandCommandsUnlessGiven() {
        assertEquals(1000, PipelineBenchmark.Settings.parse(new String[0]).warmupCommands());
        assertEquals(0, PipelineBenchmark.Settings.parse(new String[] {"--warmup", "0", "--paced-seconds", "0"}).warmupCommands());
    }

    @Test
    void refusesAnOptionItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> PipelineBenchmark.Settings.parse(new String[] {"--rate", "500"}));
    }
}
