package dev.catalog.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The samples of one invocation, grouped by command type (the dimension set) and metric: counts
 * summed, other units kept sample by sample. Not thread-safe: one per sink, one invocation at a time.
 */
final class MetricSamples {
    /** Key of the samples without a command type. */
    static final String NO_COMMAND_TYPE = "";

    private final Map<String, Map<Metric, List<Double>>> byCommandType = new LinkedHashMap<>();

    void add(Metric metric, String commandType, double value) {
        List<Double> values = byCommandType.computeIfAbsent(Objects.requireNonNullElse(commandType, NO_COMMAND_TYPE),
                        ignored -> new LinkedHashMap<>())
                .computeIfAbsent(metric, ignored -> new ArrayList<>());
        if (metric.isCount() && !values.isEmpty()) {
            values.set(0, values.get(0) + value);
        } else {
            values.add(value);
        }
    }

    boolean isEmpty() {
        return byCommandType.isEmpty();
    }

    /** Command type ("" for none) → metric → values; insertion ordered. */
    Map<String, Map<Metric, List<Double>>> drain() {
        Map<String, Map<Metric, List<Double>>> drained = new LinkedHashMap<>(byCommandType);
        byCommandType.clear();
        return drained;
    }
}
