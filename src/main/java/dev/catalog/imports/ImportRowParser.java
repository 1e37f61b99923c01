package dev.catalog.imports;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.internal.Json;
import dev.catalog.internal.Uuids;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the lines of an import into {@link ImportRow}s: CSV with a header
 * {@code name,description[,productId,expectedVersion]} (RFC 4180 quoting within a line), or JSON
 * lines of objects with the same members. A row with a productId updates that product; one
 * without creates a product.
 */
final class ImportRowParser {
    static final List<String> CSV_COLUMNS = List.of("name", "description", "productId", "expectedVersion");

    private final ImportFormat format;
    private List<String> header;

    ImportRowParser(ImportFormat format) {
        this.format = format;
    }

    /** The CSV header's problem, if it is not one of the accepted headers; JSON lines have none. */
    Optional<String> acceptHeader(String line) {
        List<String> columns = new ArrayList<>();
        Optional<String> problem = splitCsv(stripBom(line), columns);
        if (problem.isPresent()) {
            return problem;
        }
        List<String> trimmed = columns.stream().map(String::strip).toList();
        if (!(trimmed.equals(CSV_COLUMNS.subList(0, 2)) || trimmed.equals(CSV_COLUMNS.subList(0, 3)) || trimmed.equals(CSV_COLUMNS))) {
            return Optional.of("the header must be name,description[,productId[,expectedVersion]]");
        }
        header = trimmed;
        return Optional.empty();
    }

    boolean expectsHeader() {
        return format == ImportFormat.CSV && header == null;
    }

    ImportRow parse(int lineNumber, String line) {
        return format == ImportFormat.CSV ? parseCsv(lineNumber, line) : parseJson(lineNumber, line);
    }

    private ImportRow parseCsv(int lineNumber, String line) {
        List<String> values = new ArrayList<>();
        Optional<String> problem = splitCsv(line, values);
        if (problem.isPresent()) {
            return rejected(lineNumber, problem.get());
        }
        if (values.size() != header.size()) {
            return rejected(lineNumber, "has " + values.size() + " fields, the header " + header.size());
        }
        ObjectNode body = Json.mapper().createObjectNode();
        UUID productId = null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String value = values.get(i);
            switch (header.get(i)) {
                case "productId" -> {
                    if (!value.isBlank()) {
                        productId = uuid(value.strip(), problems);
                    }
                }
                case "expectedVersion" -> {
                    if (!value.isBlank()) {
                        try {
                            body.put("expectedVersion", new BigDecimal(value.strip()));
                        } catch (NumberFormatException e) {
                            problems.add("/expectedVersion: must be a whole number from 1");
                        }
                    }
                }
                // An empty cell in an update leaves the field as it is; in a create an empty name is refused by the rules.
                default -> {
                    if (!value.isEmpty()) {
                        body.put(header.get(i), value);
                    }
                }
            }
        }
        if (productId == null && !body.has("name")) {
            body.put("name", "");
        }
        if (productId == null && body.has("expectedVersion")) {
            problems.add("/expectedVersion: only an update (a row with a productId) can name a version");
        }
        return new ImportRow(lineNumber, productId, body, problems);
    }

    private ImportRow parseJson(int lineNumber, String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (JacksonException e) {
            return rejected(lineNumber, "is not valid JSON (" + Json.whereInvalid(e) + ")");
        }
        if (node == null || !node.isObject()) {
            return rejected(lineNumber, "is not a JSON object");
        }
        ObjectNode body = ((ObjectNode) node).deepCopy();
        JsonNode id = body.remove("productId");
        List<String> problems = new ArrayList<>();
        UUID productId = null;
        if (id != null && !id.isNull()) {
            productId = id.isTextual() ? uuid(id.asText(), problems) : null;
            if (!id.isTextual()) {
                problems.add("/productId: must be a UUID");
            }
        }
        return new ImportRow(lineNumber, productId, body, problems);
    }

    private static UUID uuid(String text, List<String> problems) {
        Optional<UUID> id = Uuids.parse(text);
        if (id.isEmpty()) {
            problems.add("/productId: must be a UUID");
        }
        return id.orElse(null);
    }

    private static ImportRow rejected(int lineNumber, String problem) {
        return new ImportRow(lineNumber, null, Json.mapper().createObjectNode(), List.of(problem));
    }

    /** RFC 4180 within one line: quoted fields may hold commas and doubled quotes. */
    static Optional<String> splitCsv(String line, List<String> into) {
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                into.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '"' && field.length() == 0 && !afterQuote) {
                quoted = true;
            } else if (afterQuote) {
                return Optional.of("has text after a closing quote");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.of("has an unterminated quote (fields cannot span lines)");
        }
        into.add(field.toString());
        return Optional.empty();
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
