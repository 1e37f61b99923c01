package dev.catalog.local.harness.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dated table of default AWS quotas kept in the repository ({@code bench/aws-quotas.json}):
 * every figure with its unit, what raises it, where it was read and how sure that is.
 */
record QuotaTable(String quotasAsOf, List<String> regions, Map<String, Quota> quotas, List<String> assumptions) {
    static final Path DEFAULT_FILE = Path.of("bench", "aws-quotas.json");

    /**
     * One quota.
     *
     * @param byRegion the figure per region; a figure that is the same everywhere is under every region
     * @param status verified, third-party, derived or unverified (see the table's "about")
     */
    record Quota(String key, Map<String, Double> byRegion, String unit, String raise, String status, String source) {
        double in(String region) {
            Double value = byRegion.get(region);
            if (value == null) {
                throw new IllegalArgumentException("quota " + key + " has no figure for " + region);
            }
            return value;
        }
    }

    static QuotaTable load(Path file) {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the quota table " + file, e);
        }
    }

    static QuotaTable parse(JsonNode root) {
        List<String> regions = new ArrayList<>();
        root.path("regions").forEach(region -> regions.add(region.asText()));
        if (regions.isEmpty() || !root.path("quotasAsOf").isTextual()) {
            throw new IllegalArgumentException("the quota table needs 'quotasAsOf' and 'regions'");
        }
        Map<String, Quota> quotas = new LinkedHashMap<>();
        for (JsonNode entry : root.path("quotas")) {
            String key = entry.path("key").asText();
            String source = entry.path("source").asText("");
            if (key.isEmpty() || source.isBlank()) {
                throw new IllegalArgumentException("every quota needs a key and a source: " + entry);
            }
            Map<String, Double> byRegion = new LinkedHashMap<>();
            for (String region : regions) {
                JsonNode value = entry.path("byRegion").has(region) ? entry.path("byRegion").path(region) : entry.path("value");
                if (value.isNumber()) {
                    byRegion.put(region, value.asDouble());
                }
            }
            if (quotas.put(key, new Quota(key, byRegion, entry.path("unit").asText(""), entry.path("raise").asText(""),
                    entry.path("status").asText("unverified"), source)) != null) {
                throw new IllegalArgumentException("quota " + key + " appears twice");
            }
        }
        List<String> assumptions = new ArrayList<>();
        root.path("assumptions").forEach(line -> assumptions.add(line.asText()));
        return new QuotaTable(root.path("quotasAsOf").asText(), List.copyOf(regions), Map.copyOf(quotas), List.copyOf(assumptions));
    }

    Quota quota(String key) {
        return Optional.ofNullable(quotas.get(key))
                .orElseThrow(() -> new IllegalArgumentException("the quota table has no line for " + key));
    }
}
