package dev.catalog.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads metrics from the log lines of functions run as Lambda runs them, as CloudWatch Logs does
 * with the embedded metric format: a JSON line with an {@code _aws.CloudWatchMetrics} directive
 * names its metrics, whose values are members of the same line (a number or an array of them).
 * They land in the same {@link InMemoryMetrics} the in-process functions record into.
 */
public final class EmbeddedMetricLines implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryMetrics metrics;

    public EmbeddedMetricLines(InMemoryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(String line) {
        if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
            return;
        }
        JsonNode document;
        try {
            document = JSON.readTree(line);
        } catch (IOException notJson) {
            return;
        }
        String commandType = document.path("commandType").isTextual() ? document.get("commandType").asText() : null;
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode definition : directive.path("Metrics")) {
                Metric metric = metricNamed(definition.path("Name").asText());
                JsonNode values = document.path(definition.path("Name").asText());
                if (metric == null) {
                    continue;
                }
                if (values.isArray()) {
                    values.forEach(value -> metrics.record(metric, commandType, value.asDouble()));
                } else if (values.isNumber()) {
                    metrics.record(metric, commandType, values.asDouble());
                }
            }
        }
        metrics.flush();
    }

    private static Metric metricNamed(String name) {
        for (Metric metric : Metric.values()) {
            if (metric.metricName().equals(name)) {
                return metric;
            }
        }
        return null;
    }
}
