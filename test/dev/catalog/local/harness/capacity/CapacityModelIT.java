package dev.catalog.local.harness.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The capacity model on the template {@code osls package} wrote, the committed quota table and
 * the committed request counts: what {@code make capacity} prints, and that a setting of the
 * template moves the binding quota.
 */
class CapacityModelIT {
    private static final double RATE = 10_000;

    private final QuotaTable quotas = QuotaTable.load(QuotaTable.DEFAULT_FILE);
    private final MeasuredRequests measured = MeasuredRequests.load(MeasuredRequests.COMMITTED_FILE);

    @Test
    void droppingHighThroughputModeMakesAFifoQuotaBindFarEarlier() throws Exception {
        JsonNode template = new ObjectMapper().readTree(Files.readString(PackagedTemplate.DEFAULT_FILE));
        ObjectNode defaultModes = template.deepCopy();
        defaultModes.path("Resources").forEach(resource -> {
            if (resource.path("Properties") instanceof ObjectNode properties) {
                properties.remove(List.of("FifoThroughputScope", "DeduplicationScope", "FifoThroughputLimit"));
            }
        });

        for (String region : quotas.regions()) {
            CapacityModel.Stage deployed = CapacityModel.binding(model(template).stages(region, RATE));
            CapacityModel.Stage withoutHighThroughput = CapacityModel.binding(model(defaultModes).stages(region, RATE));

            assertNotEquals(deployed.quotaKey(), withoutHighThroughput.quotaKey(), region);
            assertEquals("sqs.fifo.transactionsPerSecond", withoutHighThroughput.quotaKey(),
                    region + ": a FIFO queue in its default mode takes 300 calls/s per action");
            assertTrue(withoutHighThroughput.saturatesAt() < deployed.saturatesAt() / 3,
                    region + ": " + withoutHighThroughput + " vs " + deployed);
        }
    }

    @Test
    void printsASustainedRateForEachRegionAndWhatToRaiseForTenThousandCommandsASecond() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CapacityReport.Settings settings = CapacityReport.Settings.parse(new String[] {"--rate", "10000",
                "--counts", MeasuredRequests.COMMITTED_FILE.toString()});
        CapacityReport.print(model(new ObjectMapper().readTree(Files.readString(PackagedTemplate.DEFAULT_FILE))), quotas, measured, settings,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String report = printed.toString(StandardCharsets.UTF_8);

        for (String region : List.of("eu-west-1", "us-east-1")) {
            int at = report.indexOf(region + ", default quotas");
            assertTrue(at >= 0, report);
            String section = report.substring(at);
            assertTrue(section.contains("sustained: "), section);
            assertTrue(section.contains("for 10,000 commands/s raise:") || section.contains("10,000 commands/s fits every default quota"), section);
            assertTrue(section.contains("hot product (one message group, serial by design): "), section);
        }
        assertTrue(report.contains("assumptions:"), report);
    }

    @Test
    void theAuroraWorkersMaximumConcurrencyFitsTheClusterConnectionBudget() throws Exception {
        CapacityModel model = model(new ObjectMapper().readTree(Files.readString(PackagedTemplate.DEFAULT_FILE)));
        for (String region : quotas.regions()) {
            assertTrue(model.configuredDatabaseConcurrency(region) <= model.connectionBudget(region),
                    region + ": " + model.configuredDatabaseConcurrency(region) + " connections > " + model.connectionBudget(region));
        }
    }

    private CapacityModel model(JsonNode template) {
        return new CapacityModel(PackagedTemplate.parse(template), quotas, measured, Optional.empty());
    }
}
