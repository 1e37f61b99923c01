package dev.catalog.local.harness.fuzz;

import dev.catalog.local.harness.fuzz.FuzzRequest.Expected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Generates requests the API must refuse with a 4xx: malformed JSON, wrong types, huge strings,
 * invalid UTF-8, header abuse, path tricks, missing and forged tokens, JSON nested deeper than the
 * parser allows, numbers no field holds, text SQS cannot carry, invisible names; names in
 * decomposed form (NFD), which may be accepted but must then complete; and AWS's sample S3, SNS,
 * API Gateway and CloudWatch events fed to every SQS function through the runtime's invoke
 * endpoint, which must end without a function error; and import files (CSV and JSON lines) whose
 * rows carry the same bad input, plus lines too long and bytes that are not UTF-8, beside good rows:
 * each bad row must be reported in the import's outcome and each good one accepted and completed.
 * Seeded, so a failing run can be replayed.
 */
public final class BadRequestGenerator {
    /** Every class of input, in the order the generator cycles through them. */
    public static final List<String> KINDS = List.of("malformed-json", "wrong-type", "huge-string", "invalid-utf8", "header-abuse",
            "path-trick", "token", "unknown-or-missing-field", "deep-json", "number-out-of-range", "sqs-refused-text",
            "invisible-name", "decomposed-name", "foreign-event", "import-file");
    /** Where AWS's sample events of other services are (S3, SNS, API Gateway, CloudWatch). */
    public static final Path FOREIGN_EVENTS = Path.of("events/foreign");

    private static final List<String> WRITE_ROUTES = List.of("POST /v1/products", "PATCH /v1/products/{id}", "POST /v1/commands");
    private static final List<String> ALL_ROUTES = List.of("POST /v1/products", "PATCH /v1/products/{id}", "DELETE /v1/products/{id}",
            "POST /v1/commands", "GET /v1/commands/{id}", "GET /v1/products/{id}", "GET /v1/products");
    private static final List<Object> WRONG_VALUES = List.of(42, -1, 1.5, true, "null", List.of(), List.of("a"), Map.of("x", 1));
    /** Beyond double (1e400, -1e400), below its smallest (1e-400), and 1,500 digits. */
    private static final List<String> OUT_OF_RANGE = List.of("1e400", "-1e400", "1e-400", "9".repeat(1_500), "-" + "9".repeat(1_500),
            "1" + "0".repeat(1_499) + ".5");
    /** Each numeric field, in the places a client can put it. */
    private static final List<String> NUMBER_TARGETS = List.of("expectedVersion:PATCH", "expectedVersion:bulk-update",
            "expectedVersion:bulk-delete", "expectedVersion:DELETE-query", "sizeBytes:attachment", "sizeBytes:import", "limit:list");
    /** Code points SQS refuses, raw (as UTF-8) or escaped in JSON. Lone surrogates can only be escaped. */
    private static final List<String> SQS_REFUSED = List.of("\\uffff", "\\ufffe", "\\ud800", "\\udbff", "\\udc00", "\\udfff", "x\\ud83dx",
            "\\u0000", "\\u0001", "\\u0008", "\\u000b", "\\u000c", "\\u001b", "\\u001f", "\\u0007", "RAW\\uffff", "RAW\\ufffe");
    private static final List<String> SQS_REFUSED_FIELDS = List.of("name:POST", "description:POST", "name:PATCH", "description:PATCH",
            "name:bulk-create", "description:bulk-update");
    /** Names with nothing visible, or hiding their text: bidi overrides and isolates, zero-width, BOM, NBSP-only, combining-only. */
    private static final List<String> INVISIBLE_NAMES = List.of("\\u202edesk", "desk\\u202d", "\\u202atxt.exe", "\\u2066desk\\u2069",
            "wal\\u200bnut", "\\u200b", "\\ufeffdesk", "desk\\ufeff", "\\u2060desk", "\\u00a0\\u00a0", "\\u00a0", "\\u3000",
            "\\u3000\\u00a0 ", "\\u0301\\u0308", "\\u0301", "\\u200e\\u200f", "\\u061c");
    /** What makes an import row bad, each in turn. */
    private static final List<String> BAD_ROWS = List.of("deep", "number", "sqs-refused", "invisible", "over-long", "bad-encoding",
            "broken-syntax");
    /** Byte sequences that are not UTF-8: a bad continuation, 0xFF, a cut sequence, an encoded surrogate, an overlong slash. */
    private static final byte[][] NOT_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
    /** Longer than the import's longest line (16 KiB characters). */
    private static final int OVER_LONG = 16 * 1024 + 1;
    /** Valid names in decomposed form: accepted, normalised to NFC, and they must complete. */
    private static final List<String> DECOMPOSED_NAMES = List.of("Cafe\\u0301", "Ame\\u0301lie", "Man\\u0303ana", "Cre\\u0300me bru\\u0302le\\u0301e",
            "\\u1112\\u1161\\u11ab", "A\\u030angstro\\u0308m", "Zu\\u0308rich");

    private final Random random;
    private final List<String> sqsFunctions;
    private final List<Path> foreignEvents;
    private final Map<String, Integer> turns = new java.util.HashMap<>();

    /**
     * @param sqsFunctions the functions an SQS queue triggers, to feed foreign events to; their
     *     samples are read from {@link #FOREIGN_EVENTS}
     */
    public BadRequestGenerator(long seed, List<String> sqsFunctions) {
        this.random = new Random(seed);
        this.sqsFunctions = List.copyOf(sqsFunctions);
        if (this.sqsFunctions.isEmpty()) {
            throw new IllegalArgumentException("no SQS functions to feed foreign events to");
        }
        try (Stream<Path> files = Files.list(FOREIGN_EVENTS)) {
            this.foreignEvents = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the foreign sample events are read from " + FOREIGN_EVENTS.toAbsolutePath(), e);
        }
        if (foreignEvents.isEmpty()) {
            throw new IllegalStateException("no foreign sample events in " + FOREIGN_EVENTS.toAbsolutePath());
        }
    }

    /** How many cases one pass over every foreign event and SQS function takes. */
    public int foreignEventCombinations() {
        return sqsFunctions.size() * foreignEvents.size();
    }

    public List<FuzzRequest> generate(int count) {
        List<FuzzRequest> requests = new ArrayList<>(count);
        while (requests.size() < count) {
            requests.add(switch (KINDS.get(requests.size() % KINDS.size())) {
                case "malformed-json" -> malformedJson();
                case "wrong-type" -> wrongType();
                case "huge-string" -> hugeString();
                case "invalid-utf8" -> invalidUtf8();
                case "header-abuse" -> headerAbuse();
                case "path-trick" -> pathTrick();
                case "token" -> badToken();
                case "unknown-or-missing-field" -> unknownOrMissingField();
                case "deep-json" -> deepJson();
                case "number-out-of-range" -> numberOutOfRange();
                case "sqs-refused-text" -> sqsRefusedText();
                case "invisible-name" -> invisibleName();
                case "decomposed-name" -> decomposedName();
                case "foreign-event" -> foreignEvent();
                case "import-file" -> importFile();
                default -> throw new IllegalStateException("no generator for a kind");
            });
        }
        return requests;
    }

    /** More than 1,000 levels (Jackson's limit), as the whole body or as a field, on every JSON route. */
    private FuzzRequest deepJson() {
        int depth = 1_001 + random.nextInt(4_000);
        String deep = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String route = pick(List.of("POST /v1/products", "PATCH /v1/products/{id}", "POST /v1/commands", "POST /v1/products/{id}/attachments",
                "POST /v1/imports"));
        String body = switch (random.nextInt(3)) {
            case 0 -> deep;
            case 1 -> "{\"name\": " + deep + "}";
            default -> "{\"name\": \"ok\", \"description\": \"d\", \"extra\": " + deep + "}";
        };
        return request("deep-json", route, jsonHeaders(), utf8(body), "editor");
    }

    /** Each numeric field (expectedVersion, sizeBytes, limit) in turn, with a number no long or double holds. */
    private FuzzRequest numberOutOfRange() {
        String target = NUMBER_TARGETS.get(turn("number-out-of-range") % NUMBER_TARGETS.size());
        String value = OUT_OF_RANGE.get(random.nextInt(OUT_OF_RANGE.size()));
        String product = UUID.randomUUID().toString();
        return switch (target) {
            case "expectedVersion:PATCH" -> request("number-out-of-range", "PATCH /v1/products/{id}", jsonHeaders(),
                    utf8("{\"name\": \"ok\", \"expectedVersion\": " + value + "}"), "editor");
            case "expectedVersion:bulk-update" -> request("number-out-of-range", "POST /v1/commands", jsonHeaders(),
                    utf8("{\"commands\": [{\"type\": \"product.update\", \"payload\": {\"productId\": \"" + product
                            + "\", \"name\": \"ok\", \"expectedVersion\": " + value + "}}]}"), "editor");
            case "expectedVersion:bulk-delete" -> request("number-out-of-range", "POST /v1/commands", jsonHeaders(),
                    utf8("{\"commands\": [{\"type\": \"product.delete\", \"payload\": {\"productId\": \"" + product
                            + "\", \"expectedVersion\": " + value + "}}]}"), "editor");
            case "expectedVersion:DELETE-query" -> new FuzzRequest("number-out-of-range", "DELETE",
                    "/v1/products/" + product + "?expectedVersion=" + value, Map.of(), null, "editor");
            case "sizeBytes:attachment" -> request("number-out-of-range", "POST /v1/products/{id}/attachments", jsonHeaders(),
                    utf8("{\"fileName\": \"a.pdf\", \"contentType\": \"application/pdf\", \"sizeBytes\": " + value + "}"), "editor");
            case "sizeBytes:import" -> request("number-out-of-range", "POST /v1/imports", jsonHeaders(),
                    utf8("{\"format\": \"csv\", \"sizeBytes\": " + value + "}"), "editor");
            default -> new FuzzRequest("number-out-of-range", "GET", "/v1/products?limit=" + value, Map.of(), null, "editor");
        };
    }

    /** U+FFFF, U+FFFE, lone surrogates and control characters in every text field a message carries. */
    private FuzzRequest sqsRefusedText() {
        String field = SQS_REFUSED_FIELDS.get(turn("sqs-refused-text") % SQS_REFUSED_FIELDS.size());
        String text = "oak " + jsonText(SQS_REFUSED.get(random.nextInt(SQS_REFUSED.size()))) + " desk";
        String product = UUID.randomUUID().toString();
        return switch (field) {
            case "name:POST" -> request("sqs-refused-text", "POST /v1/products", jsonHeaders(), utf8("{\"name\": \"" + text + "\"}"), "editor");
            case "description:POST" -> request("sqs-refused-text", "POST /v1/products", jsonHeaders(),
                    utf8("{\"name\": \"ok\", \"description\": \"" + text + "\"}"), "editor");
            case "name:PATCH" -> request("sqs-refused-text", "PATCH /v1/products/{id}", jsonHeaders(),
                    utf8("{\"name\": \"" + text + "\", \"expectedVersion\": 1}"), "editor");
            case "description:PATCH" -> request("sqs-refused-text", "PATCH /v1/products/{id}", jsonHeaders(),
                    utf8("{\"description\": \"" + text + "\"}"), "editor");
            case "name:bulk-create" -> request("sqs-refused-text", "POST /v1/commands", jsonHeaders(),
                    utf8("{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"" + text + "\"}}]}"), "editor");
            default -> request("sqs-refused-text", "POST /v1/commands", jsonHeaders(),
                    utf8("{\"commands\": [{\"type\": \"product.update\", \"payload\": {\"productId\": \"" + product
                            + "\", \"description\": \"" + text + "\"}}]}"), "editor");
        };
    }

    /** Names that show nothing or hide their text; raw or escaped, on every route that names a product. */
    private FuzzRequest invisibleName() {
        String name = jsonText((random.nextBoolean() ? "RAW" : "") + INVISIBLE_NAMES.get(random.nextInt(INVISIBLE_NAMES.size())));
        return switch (random.nextInt(3)) {
            case 0 -> request("invisible-name", "POST /v1/products", jsonHeaders(), utf8("{\"name\": \"" + name + "\"}"), "editor");
            case 1 -> request("invisible-name", "PATCH /v1/products/{id}", jsonHeaders(),
                    utf8("{\"name\": \"" + name + "\", \"expectedVersion\": 1}"), "editor");
            default -> request("invisible-name", "POST /v1/commands", jsonHeaders(),
                    utf8("{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"" + name + "\"}}]}"), "editor");
        };
    }

    /** A valid name in NFD: the API may accept it (and store it as NFC), but then its command has to complete. */
    private FuzzRequest decomposedName() {
        String name = jsonText((random.nextBoolean() ? "RAW" : "") + DECOMPOSED_NAMES.get(random.nextInt(DECOMPOSED_NAMES.size())))
                + " " + random.nextInt(1_000);
        FuzzRequest request = random.nextBoolean()
                ? request("decomposed-name", "POST /v1/products", jsonHeaders(), utf8("{\"name\": \"" + name + "\"}"), "editor")
                : request("decomposed-name", "POST /v1/commands", jsonHeaders(),
                        utf8("{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"" + name + "\"}}]}"), "editor");
        return new FuzzRequest(request.kind(), request.method(), request.path(), request.headers(), request.body(), request.token(),
                Expected.REFUSED_OR_COMPLETED);
    }

    /** Every sample event of another service, to every SQS function in turn, through {@code /_local/invoke/<function>}. */
    private FuzzRequest foreignEvent() {
        int turn = turn("foreign-event");
        String function = sqsFunctions.get(turn % sqsFunctions.size());
        Path event = foreignEvents.get(turn / sqsFunctions.size() % foreignEvents.size());
        try {
            return new FuzzRequest("foreign-event", "POST", "/_local/invoke/" + function, jsonHeaders(), Files.readAllBytes(event), "none",
                    Expected.CLEAN_INVOCATION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small CSV or JSON-lines import: one to three bad rows (each class in turn) among good rows,
     * some of whose names are decomposed (NFD); the runner uploads it through {@code POST /v1/imports}.
     */
    private FuzzRequest importFile() {
        int turn = turn("import-file");
        boolean csv = turn % 2 == 0;
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        java.util.SortedMap<Integer, String> bad = new java.util.TreeMap<>();
        List<Integer> good = new ArrayList<>();
        int line = 0;
        if (csv) {
            file.writeBytes(utf8("name,description,productId,expectedVersion\n"));
            line++;
        }
        // Bad and good rows in a random order: a reader that only gets the first or last row right is found out.
        List<Boolean> rowIsBad = new ArrayList<>();
        int badRows = 1 + random.nextInt(3);
        int rows = badRows + 1 + random.nextInt(2);
        for (int row = 0; row < rows; row++) {
            rowIsBad.add(row < badRows);
        }
        java.util.Collections.shuffle(rowIsBad, random);
        int nextBad = turn * 3;
        for (int row = 0; row < rows; row++) {
            line++;
            if (rowIsBad.get(row)) {
                String kind = BAD_ROWS.get(nextBad++ % BAD_ROWS.size());
                file.writeBytes(badImportRow(kind, csv));
                bad.put(line, kind);
            } else {
                String name = (random.nextBoolean() ? "Fuzz import " : jsonText("RAW" + DECOMPOSED_NAMES.get(random.nextInt(DECOMPOSED_NAMES.size()))))
                        + " " + turn + "." + row;
                file.writeBytes(utf8(csv ? name + ",imported by the fuzz suite,," : "{\"name\": \"" + name + "\"}"));
                good.add(line);
            }
            file.writeBytes(utf8(random.nextBoolean() ? "\n" : "\r\n"));
        }
        return new FuzzRequest("import-file", "POST", "/v1/imports", jsonHeaders(), file.toByteArray(), "editor",
                Expected.ROWS_REPORTED, new FuzzRequest.ImportFile(csv ? "csv" : "jsonl", bad, good));
    }

    /** One bad row (without its line end) of {@code kind}, in the file's format. */
    private byte[] badImportRow(String kind, boolean csv) {
        String product = UUID.randomUUID().toString();
        return switch (kind) {
            case "deep" -> {
                int depth = 1_001 + random.nextInt(4_000);
                // A CSV field is text: its deep JSON is a row with a product id that is not one.
                yield utf8(csv ? "Deep,d," + "[".repeat(depth) + "]".repeat(depth) + ","
                        : random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"name\": " + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}");
            }
            case "number" -> {
                String value = OUT_OF_RANGE.get(random.nextInt(OUT_OF_RANGE.size()));
                yield utf8(csv ? "Huge version,d," + product + "," + value
                        : "{\"productId\": \"" + product + "\", \"name\": \"Huge version\", \"expectedVersion\": " + value + "}");
            }
            case "sqs-refused" -> {
                String escaped = SQS_REFUSED.get(random.nextInt(SQS_REFUSED.size()));
                // CSV has no escapes: its text carries the characters themselves (lone surrogates cannot be written as UTF-8).
                String text = csv ? jsonText("RAW" + escaped.replace("RAW", "")).replace("\n", "") : jsonText(escaped);
                if (csv && text.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
                    text = "\uffff";
                }
                yield utf8(csv ? "oak " + text + " desk,d,," : "{\"name\": \"oak " + text + " desk\"}");
            }
            case "invisible" -> {
                String escaped = INVISIBLE_NAMES.get(random.nextInt(INVISIBLE_NAMES.size()));
                yield utf8(csv ? jsonText("RAW" + escaped) + ",d,," : "{\"name\": \"" + jsonText(escaped) + "\"}");
            }
            case "over-long" -> {
                String name = "n".repeat(OVER_LONG + random.nextInt(20_000));
                yield utf8(csv ? name + ",d,," : "{\"name\": \"" + name + "\"}");
            }
            case "bad-encoding" -> {
                java.io.ByteArrayOutputStream row = new java.io.ByteArrayOutputStream();
                row.writeBytes(utf8(csv ? "Caf" : "{\"name\": \"Caf"));
                row.writeBytes(NOT_UTF8[random.nextInt(NOT_UTF8.length)]);
                row.writeBytes(utf8(csv ? " desk,d,," : " desk\"}"));
                yield row.toByteArray();
            }
            default -> utf8(csv ? "\"unclosed,d,," : "{\"name\": \"unclosed");
        };
    }

    /**
     * {@code \\uXXXX} escapes as written (JSON escapes), or, after a {@code RAW} prefix, the characters
     * themselves (sent as UTF-8).
     */
    private static String jsonText(String escaped) {
        if (!escaped.startsWith("RAW")) {
            return escaped;
        }
        StringBuilder raw = new StringBuilder();
        String rest = escaped.substring(3);
        for (int i = 0; i < rest.length(); ) {
            if (rest.startsWith("\\u", i)) {
                raw.append((char) Integer.parseInt(rest.substring(i + 2, i + 6), 16));
                i += 6;
            } else {
                raw.append(rest.charAt(i++));
            }
        }
        return raw.toString();
    }

    private int turn(String kind) {
        return turns.merge(kind, 1, Integer::sum) - 1;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private FuzzRequest malformedJson() {
        String valid = validBody(pick(WRITE_ROUTES));
        String broken = switch (random.nextInt(5)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + "}";
            case 2 -> valid.replace(":", "=");
            case 3 -> valid.replace("\"", "'");
            default -> "{\"name\": \"ok\",}";
        };
        String route = pick(WRITE_ROUTES);
        return request("malformed-json", route, jsonHeaders(), broken.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest wrongType() {
        String route = pick(WRITE_ROUTES);
        Object wrong = WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()));
        String value = wrong instanceof String text ? text : toJson(wrong);
        String body = route.equals("POST /v1/commands")
                ? "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": " + value + "}}]}"
                : route.startsWith("PATCH") && random.nextBoolean() ? "{\"name\": \"ok\", \"expectedVersion\": " + (wrong instanceof Integer ? "\"7\"" : value) + "}"
                : "{\"name\": " + value + "}";
        return request("wrong-type", route, jsonHeaders(), body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest hugeString() {
        int length = List.of(201, 4001, 20_000, 70_000).get(random.nextInt(4));
        String field = length == 4001 ? "description" : "name";
        String body = "{\"name\": \"ok\", \"" + field + "\": \"" + "x".repeat(length) + "\"}";
        if (field.equals("name")) {
            body = "{\"name\": \"" + "n".repeat(length) + "\"}";
        }
        return request("huge-string", random.nextBoolean() ? "POST /v1/products" : "PATCH /v1/products/{id}", jsonHeaders(),
                body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest invalidUtf8() {
        byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        byte[] bad = invalid[random.nextInt(invalid.length)];
        byte[] prefix = "{\"name\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        Map<String, String> headers = random.nextBoolean() ? Map.of("content-type", "application/octet-stream") : jsonHeaders();
        return request("invalid-utf8", "POST /v1/products", headers, body, "editor");
    }

    private FuzzRequest headerAbuse() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> headers.put("content-type", "text/plain");
            case 1 -> headers.put("content-type", "application/json; charset=latin1");
            case 2 -> {
                headers.putAll(jsonHeaders());
                headers.put("Idempotency-Key", "k".repeat(129 + random.nextInt(500)));
            }
            case 3 -> headers.put("content-type", "application/xml");
            default -> {
                // (A non-ASCII key cannot be sent: Java's HTTP client turns it into '?', a valid key.)
                headers.putAll(jsonHeaders());
                headers.put("Idempotency-Key", " ".repeat(1 + random.nextInt(3)));
            }
        }
        return request("header-abuse", "POST /v1/products", headers, "{\"name\": \"ok\"}".getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest pathTrick() {
        String id = List.of("not-a-uuid", "%2e%2e", "..%2f..%2fcommands", "123", "%00", UUID.randomUUID() + "x",
                "%F0%9F%98%80", "x".repeat(300), "%25").get(random.nextInt(9));
        String route = pick(List.of("PATCH /v1/products/{id}", "DELETE /v1/products/{id}", "GET /v1/products/{id}", "GET /v1/commands/{id}"));
        String[] parts = route.split(" ", 2);
        byte[] body = parts[0].equals("PATCH") ? "{\"name\": \"ok\"}".getBytes(StandardCharsets.UTF_8) : null;
        return new FuzzRequest("path-trick", parts[0], parts[1].replace("{id}", id), body == null ? Map.of() : jsonHeaders(), body, "editor");
    }

    private FuzzRequest badToken() {
        String token = List.of("none", "forged", "expired", "foreign-audience", "unsigned", "garbage").get(random.nextInt(6));
        String route = pick(ALL_ROUTES);
        byte[] body = route.startsWith("GET") || route.startsWith("DELETE") ? null : validBody(route).getBytes(StandardCharsets.UTF_8);
        return request("token", route, body == null ? Map.of() : jsonHeaders(), body, token);
    }

    private FuzzRequest unknownOrMissingField() {
        String route = pick(WRITE_ROUTES);
        String body = switch (random.nextInt(4)) {
            case 0 -> "{}";
            case 1 -> "{\"name\": \"ok\", \"admin\": true}";
            case 2 -> "{\"commands\": []}";
            default -> "[]";
        };
        if (route.startsWith("PATCH") && body.equals("{}")) {
            body = "{\"expectedVersion\": 1}";
        }
        return request("unknown-or-missing-field", route, jsonHeaders(), body.getBytes(StandardCharsets.UTF_8), "editor");
    }

    private FuzzRequest request(String kind, String route, Map<String, String> headers, byte[] body, String token) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("{id}", UUID.randomUUID().toString());
        return new FuzzRequest(kind, parts[0], path, headers, body, token);
    }

    private static String validBody(String route) {
        return route.equals("POST /v1/commands")
                ? "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"Fuzzed lamp\"}}]}"
                : "{\"name\": \"Fuzzed lamp\", \"description\": \"from the fuzz suite\"}";
    }

    private static Map<String, String> jsonHeaders() {
        return Map.of("content-type", "application/json");
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
