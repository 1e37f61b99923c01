package dev.catalog.local.harness.bench;

import dev.catalog.local.harness.capacity.MeasuredRequests;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.functions.Invocation;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flat-out phase's counts as {@code make capacity} reads them ({@link MeasuredRequests}). */
final class CapacityCounts {
    /** The bulk route's path: its function's invocations scale with the bulk share of a MIX. */
    static final String BULK_PATH = "/v1/commands";

    private CapacityCounts() {
    }

    static MeasuredRequests of(String command, long completed, LoadGenerator.Result load, RequestCounts requests,
                               List<Invocation> invocations, ServerlessConfig config, double postgresCpuSeconds) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> triggers = new LinkedHashMap<>();
        for (Invocation invocation : invocations) {
            long[] function = counts.computeIfAbsent(invocation.function(), name -> new long[2]);
            function[0]++;
            function[1] += invocation.trigger().equals("sqs") ? invocation.batchSize() : 0;
            seconds.merge(invocation.function(), invocation.duration().toNanos() / 1e9, Double::sum);
            triggers.putIfAbsent(invocation.function(), invocation.trigger());
        }
        List<MeasuredRequests.FunctionUse> functions = new ArrayList<>();
        counts.forEach((name, function) -> {
            String trigger = triggers.get(name);
            String route = !trigger.equals("httpApi") ? "" : servesBulkRoute(config, name) ? "bulk" : "single";
            functions.add(new MeasuredRequests.FunctionUse(name, trigger, route, function[0], function[1], seconds.get(name)));
        });
        List<MeasuredRequests.Requests> rows = new ArrayList<>();
        for (RequestCounts.Row row : requests.billed()) {
            String origin = switch (row.origin().kind()) {
                case FUNCTION -> "function";
                case EVENT_SOURCE_POLLER -> "pollers";
                case SNS_DELIVERY -> "deliveries";
                case RUNTIME_HOUSEKEEPING -> "housekeeping";
            };
            rows.add(new MeasuredRequests.Requests(origin, row.origin().function(), row.service(), row.operation(), row.target(),
                    row.requests(), row.entries(), row.emptyReceives(), row.writeUnits()));
        }
        long bulk = load.bulkCommands();
        return new MeasuredRequests(LocalDate.now(ZoneOffset.UTC) + " by " + command, completed, load.accepted().size() - bulk, bulk,
                functions, rows, postgresCpuSeconds);
    }

    private static boolean servesBulkRoute(ServerlessConfig config, String function) {
        ServerlessConfig.Located declared = config.functions().get(function);
        return declared != null && declared.value().get("events") instanceof List<?> events && events.stream()
                .anyMatch(event -> event instanceof Map<?, ?> map && map.get("httpApi") instanceof Map<?, ?> http
                        && BULK_PATH.equals(http.get("path")));
    }
}
