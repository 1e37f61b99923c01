package dev.catalog.local.harness.capacity;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code make capacity RATE=n [MIX=bulk=0.2]}: for each region of the quota table, every stage's
 * load at the rate against its default quota, the rate it saturates at, the binding stage with what
 * lifts it, what to raise for the rate asked about, a hot product's serial ceiling, and the
 * assumptions. Reads the packaged template, {@code bench/aws-quotas.json} and the request counts
 * {@code make bench} measured (its latest run's, else the committed copy).
 */
public final class CapacityReport {
    static final double DEFAULT_RATE = 10_000;

    private CapacityReport() {
    }

    /** The files and the question. */
    record Settings(double rate, Optional<Double> bulkShare, Path template, Path quotas, Path counts) {
        static Settings parse(String[] args) {
            Set<String> known = Set.of("--rate", "--mix", "--template", "--quotas", "--counts");
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!known.contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + String.join(", ", known) + ")");
                }
                if (!args[i + 1].isBlank()) {
                    given.put(args[i], args[i + 1]);
                }
            }
            Path counts = given.containsKey("--counts") ? Path.of(given.get("--counts"))
                    : Files.exists(MeasuredRequests.WRITTEN_FILE) ? MeasuredRequests.WRITTEN_FILE : MeasuredRequests.COMMITTED_FILE;
            return new Settings(Double.parseDouble(given.getOrDefault("--rate", String.valueOf(DEFAULT_RATE))),
                    Optional.ofNullable(given.get("--mix")).map(Settings::bulkShare),
                    Path.of(given.getOrDefault("--template", PackagedTemplate.DEFAULT_FILE.toString())),
                    Path.of(given.getOrDefault("--quotas", QuotaTable.DEFAULT_FILE.toString())), counts);
        }

        /** {@code bulk=0.2}: a fifth of the commands through the bulk route, the rest one per request. */
        private static double bulkShare(String mix) {
            String[] parts = mix.split("=");
            if (parts.length != 2 || !parts[0].trim().equals("bulk")) {
                throw new IllegalArgumentException("MIX takes bulk=<share of commands through the bulk route>, for example bulk=0.2; not " + mix);
            }
            return Double.parseDouble(parts[1].trim());
        }
    }

    public static void main(String[] args) {
        Settings settings = Settings.parse(args);
        MeasuredRequests measured = MeasuredRequests.load(settings.counts());
        CapacityModel model = new CapacityModel(PackagedTemplate.load(settings.template()), QuotaTable.load(settings.quotas()), measured,
                settings.bulkShare());
        print(model, QuotaTable.load(settings.quotas()), measured, settings, System.out);
    }

    static void print(CapacityModel model, QuotaTable quotas, MeasuredRequests measured, Settings settings, PrintStream out) {
        out.printf("capacity at %s commands/s, %.0f%% through the bulk route; template %s; quotas %s (as of %s); counts %s (%s, %,d commands)%n",
                CapacityModel.format(settings.rate()), model.bulkShare() * 100, settings.template(), settings.quotas(), quotas.quotasAsOf(),
                settings.counts(), measured.measured(), measured.commands());
        for (String region : quotas.regions()) {
            List<CapacityModel.Stage> stages = model.stages(region, settings.rate());
            out.printf("%n%s, default quotas%n", region);
            out.printf("  %-74s %14s %14s %-20s %16s%n", "stage", "per command", "load at rate", "quota", "saturates at/s");
            for (CapacityModel.Stage stage : stages) {
                out.printf("  %-74s %14s %14s %-20s %16s%s%n", stage.name(), CapacityModel.format(stage.perCommand()),
                        CapacityModel.format(stage.load()), CapacityModel.format(stage.quota()) + " " + shortUnit(stage.unit()),
                        CapacityModel.format(stage.saturatesAt()), stage.bindsBelow(settings.rate()) ? "  < rate" : "");
            }
            CapacityModel.Stage binding = CapacityModel.binding(stages);
            out.printf("  sustained: %s commands/s; first binding: %s (%s); lift: %s%n", CapacityModel.format(binding.saturatesAt()),
                    binding.name(), binding.quotaKey(), binding.lift());
            List<CapacityModel.Stage> short_ = stages.stream().filter(stage -> stage.bindsBelow(settings.rate())).toList();
            if (short_.isEmpty()) {
                out.printf("  %s commands/s fits every default quota%n", CapacityModel.format(settings.rate()));
            } else {
                out.printf("  for %s commands/s raise:%n", CapacityModel.format(settings.rate()));
                for (CapacityModel.Stage stage : short_) {
                    out.printf("    %s to at least %s %s: %s%n", stage.name(), CapacityModel.format(Math.ceil(stage.perCommand() * settings.rate())),
                            stage.unit(), stage.lift());
                }
            }
            out.printf("  Aurora workers may open %s connections at once (their maximumConcurrency); budget %s (90%% of max_connections %s)%n",
                    CapacityModel.format(model.configuredDatabaseConcurrency(region)), CapacityModel.format(model.connectionBudget(region)),
                    CapacityModel.format(model.connectionBudget(region) / CapacityModel.CONNECTION_HEADROOM));
            CapacityModel.HotProduct hot = model.hotProduct(region);
            out.printf("  hot product (one message group, serial by design): %s commands/s, bound by %s%n",
                    CapacityModel.format(hot.commandsPerSecond()), hot.boundBy());
            hot.ceilings().forEach(line -> out.printf("    %s%n", line));
        }
        out.printf("%nassumptions:%n");
        quotas.assumptions().forEach(line -> out.printf("  - %s%n", line));
        long third = quotas.quotas().values().stream().filter(quota -> !quota.status().equals("verified")).count();
        out.printf("  - %d of %d quota figures are not verified in AWS's own pages (status in %s); each line there names its source%n",
                third, quotas.quotas().size(), settings.quotas());
        out.printf("refresh the counts: make bench N=5000, then cp %s %s%n", MeasuredRequests.WRITTEN_FILE, MeasuredRequests.COMMITTED_FILE);
    }

    private static String shortUnit(String unit) {
        return unit.length() > 12 ? unit.substring(0, unit.indexOf(' ') > 0 ? unit.indexOf(' ') : 12) : unit;
    }
}
