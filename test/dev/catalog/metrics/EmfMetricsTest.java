package dev.catalog.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.InvalidConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-21T09:15:03.050Z");

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final EmfMetrics metrics = new EmfMetrics("dev", new PrintStream(stdout, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void writesOneDocumentPerCommandTypeWithCountsSummedAndLatenciesKept() throws Exception {
        metrics.record(Metric.COMMANDS_SUCCEEDED, "product.create", 1);
        metrics.record(Metric.COMMANDS_SUCCEEDED, "product.create", 1);
        metrics.record(Metric.COMMAND_LATENCY, "product.create", 120);
        metrics.record(Metric.COMMAND_LATENCY, "product.create", 80);
        metrics.record(Metric.COMMANDS_FAILED, "product.update", 1);

        metrics.flush();

        List<JsonNode> documents = documents();
        assertEquals(2, documents.size());
        JsonNode create = documents.get(0);
        assertEquals(NOW.toEpochMilli(), create.at("/_aws/Timestamp").asLong());
        assertEquals("Catalog/dev", create.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("[[\"stage\",\"commandType\"]]", create.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("[{\"Name\":\"CommandsSucceeded\",\"Unit\":\"Count\"},{\"Name\":\"CommandLatency\",\"Unit\":\"Milliseconds\"}]",
                create.at("/_aws/CloudWatchMetrics/0/Metrics").toString());
        assertEquals("dev", create.get("stage").asText());
        assertEquals("product.create", create.get("commandType").asText());
        assertEquals(2.0, create.get("CommandsSucceeded").asDouble());
        assertEquals("[120.0,80.0]", create.get("CommandLatency").toString());
        assertEquals("product.update", documents.get(1).get("commandType").asText());
        assertEquals(1.0, documents.get(1).get("CommandsFailed").asDouble());
    }

    @Test
    void dimensionsMetricsWithoutACommandTypeByStageOnly() throws Exception {
        metrics.record(Metric.DUPLICATE_DELIVERIES, 3);

        metrics.flush();

        JsonNode document = documents().get(0);
        assertEquals("[[\"stage\"]]", document.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals(3.0, document.get("DuplicateDeliveries").asDouble());
    }

    @Test
    void writesNothingForAnInvocationThatRecordedNothingAndStartsAfreshAfterAFlush() throws Exception {
        metrics.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);
        metrics.flush();
        stdout.reset();

        metrics.flush();

        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void splitsMoreThanAHundredSamplesIntoSeveralDocuments() throws Exception {
        for (int sample = 0; sample < 150; sample++) {
            metrics.record(Metric.COMMAND_LATENCY, "product.create", sample);
        }

        metrics.flush();

        List<JsonNode> documents = documents();
        assertEquals(List.of(100, 50), documents.stream().map(document -> document.get("CommandLatency").size()).toList());
    }

    @Test
    void selectsTheSinkFromTheSettings() {
        assertEquals(EmfMetrics.class, Metrics.forFunction(environment(Map.of("CATALOG_STAGE", "dev"))).getClass());
        assertEquals(CloudWatchMetrics.class, Metrics.forFunction(
                environment(Map.of("CATALOG_STAGE", "dev", "CATALOG_METRICS", "cloudwatch"))).getClass());
        assertEquals(InMemoryMetrics.shared(), Metrics.forFunction(environment(Map.of("CATALOG_STAGE", "dev", "CATALOG_METRICS", "memory"))));
        assertThrows(InvalidConfigurationException.class, () -> Metrics.forFunction(
                environment(Map.of("CATALOG_STAGE", "dev", "CATALOG_METRICS", "statsd"))));
    }

    private static dev.catalog.config.FunctionEnvironment environment(Map<String, String> variables) {
        dev.catalog.aws.ClientSettings inFrankfurt = new dev.catalog.aws.ClientSettings() {
            @Override
            public void configure(software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder) {
            }

            @Override
            public software.amazon.awssdk.regions.Region region() {
                return software.amazon.awssdk.regions.Region.EU_CENTRAL_1;
            }
        };
        return new dev.catalog.config.FunctionEnvironment(CatalogSettings.from(variables), new dev.catalog.aws.AwsClients(inFrankfurt),
                Clock.systemUTC());
    }

    private List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                documents.add(JSON.readTree(line));
            }
        }
        return documents;
    }
}
