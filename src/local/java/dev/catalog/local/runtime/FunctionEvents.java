package dev.catalog.local.runtime;

import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.ServerlessConfig.Located;
import dev.catalog.local.runtime.triggers.ScheduleTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of every function, checked before any service starts: an event type or setting
 * the runtime cannot drive stops start-up at once, naming the file and key.
 */
final class FunctionEvents {
    private static final Map<String, Set<String>> SETTINGS = Map.of(
            "sqs", Set.of("arn", "batchSize", "maximumBatchingWindow", "functionResponseType", "enabled", "maximumConcurrency"),
            "httpApi", Set.of("method", "path", "authorizer"),
            "s3", Set.of("bucket", "event", "rules", "existing", "forceDeploy"),
            "schedule", Set.of("rate", "enabled", "name", "description"));

    /** One event of one function. */
    record Declared(String type, Object spec, String key) {
    }

    private FunctionEvents() {
    }

    /** Checks every function's events; throws on the first one the runtime cannot drive. */
    static void check(ServerlessConfig config) {
        config.functions().values().forEach(FunctionEvents::of);
    }

    static List<Declared> of(Located function) {
        Object declared = function.value().get("events");
        List<?> events = declared instanceof List<?> list ? list : List.of();
        List<Declared> result = new ArrayList<>();
        for (int index = 0; index < events.size(); index++) {
            String key = "events[" + index + "]";
            if (!(events.get(index) instanceof Map<?, ?> event) || event.size() != 1) {
                throw function.unsupported(key, "an event is a mapping with exactly one event type");
            }
            String type = String.valueOf(event.keySet().iterator().next());
            Object spec = event.values().iterator().next();
            Set<String> allowed = SETTINGS.get(type);
            if (allowed == null) {
                throw function.unsupported(key + "." + type, "event type '" + type + "' is not supported by the local runtime");
            }
            boolean intrinsic = spec instanceof Map<?, ?> map && (map.containsKey("Ref") || map.containsKey("Fn::GetAtt"));
            if (spec instanceof Map<?, ?> settings && !intrinsic) {
                for (Object setting : settings.keySet()) {
                    if (!allowed.contains(String.valueOf(setting))) {
                        throw function.unsupported(key + "." + type + "." + setting,
                                type + " event setting is not supported by the local runtime");
                    }
                }
            }
            if (type.equals("schedule")) {
                Object rate = spec instanceof Map<?, ?> settings ? settings.get("rate") : spec;
                if (rate instanceof List<?> rates && rates.size() == 1) {
                    rate = rates.get(0);
                }
                if (ScheduleTrigger.parseRate(String.valueOf(rate)).isEmpty()) {
                    throw function.unsupported(key + ".schedule", "only rate(N unit) schedules run locally, not " + rate);
                }
            }
            result.add(new Declared(type, spec, key));
        }
        return result;
    }
}
