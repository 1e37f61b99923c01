package dev.catalog.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Metrics in CloudWatch's embedded metric format: one JSON line per command type on stdout at the
 * end of each invocation. Lambda sends stdout to CloudWatch Logs, which extracts the metrics; no
 * API call, no permission, no latency on the request path.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">EMF specification</a>
 */
public final class EmfMetrics extends AggregatingMetrics {
    /** EMF allows at most 100 values per metric in one document. */
    private static final int MAX_VALUES = 100;

    private final String stage;
    private final PrintStream out;
    private final Clock clock;

    public EmfMetrics(String stage, PrintStream out, Clock clock) {
        this.stage = stage;
        this.out = out;
        this.clock = clock;
    }

    @Override
    void write(Map<String, Map<Metric, List<Double>>> byCommandType) {
        long timestamp = clock.millis();
        byCommandType.forEach((commandType, metrics) -> {
            for (int from = 0; ; from += MAX_VALUES) {
                ObjectNode document = document(timestamp, commandType, metrics, from);
                if (document == null) {
                    break;
                }
                try {
                    out.println(Json.mapper().writeValueAsString(document));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("metric document not serialisable", e);
                }
            }
        });
        out.flush();
    }

    /** The document with values {@code from} to {@code from + 100} of each metric; null when none is left. */
    private ObjectNode document(long timestamp, String commandType, Map<Metric, List<Double>> metrics, int from) {
        ObjectNode document = Json.mapper().createObjectNode();
        ObjectNode directive = document.putObject("_aws").put("Timestamp", timestamp).putArray("CloudWatchMetrics").addObject()
                .put("Namespace", Metrics.namespace(stage));
        ArrayNode dimensions = directive.putArray("Dimensions").addArray().add("stage");
        document.put("stage", stage);
        if (!commandType.equals(MetricSamples.NO_COMMAND_TYPE)) {
            dimensions.add("commandType");
            document.put("commandType", commandType);
        }
        ArrayNode definitions = directive.putArray("Metrics");
        metrics.forEach((metric, values) -> {
            if (values.size() <= from) {
                return;
            }
            definitions.addObject().put("Name", metric.metricName()).put("Unit", metric.unit().cloudWatchName());
            List<Double> slice = values.subList(from, Math.min(values.size(), from + MAX_VALUES));
            if (slice.size() == 1) {
                document.put(metric.metricName(), slice.get(0));
            } else {
                ArrayNode array = document.putArray(metric.metricName());
                slice.forEach(array::add);
            }
        });
        return definitions.isEmpty() ? null : document;
    }
}
