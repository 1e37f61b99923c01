package dev.catalog.local.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS list prices from the dated table kept in the repository ({@code bench/aws-prices.json}):
 * one region, the date the figures were looked up, and a source for every figure. A figure that
 * could not be found is kept with no price, so the cost report can say what it leaves out instead
 * of guessing.
 */
record PriceTable(String region, String pricesAsOf, Map<String, Price> prices, List<String> assumptions) {
    /** The table the benchmark reads, relative to the project directory. */
    static final Path DEFAULT_FILE = Path.of("bench", "aws-prices.json");

    /**
     * One figure: {@code usd} dollars for every {@code per} units (for example 0.20 per 1,000,000
     * requests); {@code usd} is empty when no figure was found.
     */
    record Price(String key, Optional<Double> usd, double per, String unit, String source, String status) {
        /** Dollars for one unit, when known. */
        Optional<Double> perUnit() {
            return usd.map(dollars -> dollars / per);
        }
    }

    static PriceTable load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + file, e);
        }
    }

    static PriceTable parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the price table is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        for (JsonNode entry : root.path("prices")) {
            String key = required(entry, "key");
            JsonNode usd = entry.path("usd");
            double per = entry.path("per").asDouble(1);
            if (per <= 0) {
                throw new IllegalArgumentException("price " + key + " has a 'per' that is not positive");
            }
            if (prices.put(key, new Price(key, usd.isNumber() ? Optional.of(usd.asDouble()) : Optional.empty(), per,
                    entry.path("unit").asText(""), entry.path("source").asText(""), entry.path("status").asText("found"))) != null) {
                throw new IllegalArgumentException("price " + key + " appears twice");
            }
        }
        List<String> assumptions = root.path("assumptions").isArray()
                ? java.util.stream.StreamSupport.stream(root.path("assumptions").spliterator(), false).map(JsonNode::asText).toList()
                : List.of();
        return new PriceTable(required(root, "region"), required(root, "pricesAsOf"), Map.copyOf(prices), assumptions);
    }

    /**
     * @throws IllegalArgumentException when the table has no line for {@code key} (a line with no
     *     figure is fine: it answers empty)
     */
    Optional<Double> perUnit(String key) {
        Price price = prices.get(key);
        if (price == null) {
            throw new IllegalArgumentException("the price table has no line for " + key);
        }
        return price.perUnit();
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the price table needs '" + field + "'");
        }
        return value.asText();
    }
}
