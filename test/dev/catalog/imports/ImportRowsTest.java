package dev.catalog.imports;

import dev.catalog.intake.InMemoryCommandStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.CommandPublisher;
import dev.catalog.intake.CommandRecord;
import dev.catalog.intake.CommandStore;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CSV and JSON-lines rows checked with the API's rules, rejected rows named by line number; no I/O. */
class ImportRowsTest {
    private static final UUID IMPORT = UUID.fromString("7f3c1e0a-0000-4000-8000-000000000001");
    private static final UUID PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final Actor EDITOR = new Actor("local-editor", List.of("editor"));

    // The processor accepts on several lanes at once.
    private final Map<UUID, CommandRecord> stored = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Integer> publishBatchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<CommandEnvelope> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CommandAcceptance acceptance = new CommandAcceptance(new CommandStore() {
        @Override
        public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
            CommandRecord existing = stored.putIfAbsent(command.commandId(), command);
            return Optional.ofNullable(existing);
        }

        @Override
        public boolean insertAllIfNoneExist(List<CommandRecord> commands) {
            synchronized (stored) {
                if (commands.stream().anyMatch(command -> stored.containsKey(command.commandId()))) {
                    return false;
                }
                commands.forEach(command -> stored.put(command.commandId(), command));
                return true;
            }
        }

        @Override
        public Optional<CommandRecord> find(UUID commandId) {
            return Optional.ofNullable(stored.get(commandId));
        }
    }, new CommandPublisher() {
        @Override
        public void publish(CommandEnvelope command) {
            publishAll(List.of(command));
        }

        @Override
        public void publishAll(List<CommandEnvelope> commands) {
            publishBatchSizes.add(commands.size());
            published.addAll(commands);
        }
    }, Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    private final ImportRows processor = new ImportRows(acceptance);

    @Test
    void csvRowsBecomeCreatesAndUpdatesAndBadOnesAreNamedByLine() throws Exception {
        String csv = String.join("\n",
                "name,description,productId,expectedVersion",
                "Walnut desk,\"Oiled, solid\",,",
                ",no name,,",
                "\"Quoted \"\"name\"\"\",,,",
                "Renamed,," + PRODUCT + ",3",
                "Bad id,,not-a-uuid,",
                "",
                "Too many,a,,,extra",
                "\"unterminated,x,,",
                "x".repeat(201) + ",,,",
                "Bad version,,,0",
                "Ctrl\u0007name,,,") + "\r\n";
        ImportReport report = run(ImportFormat.CSV, csv);

        assertEquals(3, report.acceptedCount());
        assertEquals(List.of(3, 6, 8, 9, 10, 11, 12), report.listedRejections().stream().map(ImportReport.RejectedRow::line).toList());
        // Lanes run in parallel: order only holds per product, so find each command by its content.
        Map<String, CommandEnvelope> byName = new HashMap<>();
        published.forEach(command -> byName.put(command.payload().path("name").asText(), command));
        assertEquals(java.util.Set.of("Walnut desk", "Quoted \"name\"", "Renamed"), byName.keySet());
        assertEquals("product.create", byName.get("Walnut desk").type());
        assertEquals("Oiled, solid", byName.get("Walnut desk").payload().get("description").asText());
        assertEquals("product.create", byName.get("Quoted \"name\"").type());
        assertEquals("product.update", byName.get("Renamed").type());
        assertEquals(PRODUCT.toString(), byName.get("Renamed").payload().get("productId").asText());
        assertEquals(3, byName.get("Renamed").payload().get("expectedVersion").asLong());
        assertEquals(IMPORT.toString(), published.get(0).correlationId());
    }

    @Test
    void jsonLinesFollowTheSameRules() throws Exception {
        String jsonl = String.join("\n",
                "{\"name\":\"Oak shelf\",\"description\":\"Wall\"}",
                "{\"name\":\"\"}",
                "not json",
                "[1,2]",
                "{\"productId\":\"" + PRODUCT + "\",\"description\":\"Updated\"}",
                "{\"name\":\"Extra\",\"colour\":\"red\"}");
        ImportReport report = run(ImportFormat.JSONL, jsonl);

        assertEquals(2, report.acceptedCount());
        assertEquals(List.of(2, 3, 4, 6), report.listedRejections().stream().map(ImportReport.RejectedRow::line).toList());
    }

    @Test
    void rowsBeyondTheParserOrTheQueuesAreRejectedAndTheImportGoesOn() throws Exception {
        String jsonl = String.join("\n",
                "{\"name\":\"Before\"}",
                "{\"name\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}",
                "{\"productId\":\"" + PRODUCT + "\",\"name\":\"Huge\",\"expectedVersion\":1e400}",
                "{\"name\":\"Desk\\uffff\"}",
                "{\"name\":\"Desk\",\"description\":\"Oak \\ud800\"}",
                "{\"name\":\"Wal\\u200bnut\"}",
                "{\"name\":\"\u00a0\u3000\"}",
                "{\"name\":\"Cafe\u0301\"}");
        ImportReport report = run(ImportFormat.JSONL, jsonl);

        assertEquals(List.of(2, 3, 4, 5, 6, 7), report.listedRejections().stream().map(ImportReport.RejectedRow::line).toList());
        assertTrue(report.listedRejections().get(1).errors().get(0).startsWith("/expectedVersion"),
                report.listedRejections().get(1).errors().toString());
        assertEquals(java.util.Set.of("Before", "Caf\u00e9"),
                published.stream().map(command -> command.payload().get("name").asText()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void csvRowsWithHugeVersionsOrUnsendableTextAreRejected() throws Exception {
        String csv = String.join("\n",
                "name,description,productId,expectedVersion",
                "Renamed,," + PRODUCT + ",1e400",
                "Desk\uffff,,,",
                "Desk,Oak \udfff,,",
                "Fine,,,") + "\n";
        ImportReport report = run(ImportFormat.CSV, csv);

        assertEquals(1, report.acceptedCount());
        assertEquals(List.of(2, 3, 4), report.listedRejections().stream().map(ImportReport.RejectedRow::line).toList());
        // A lone surrogate cannot be UTF-8: its bytes are refused before the row is read, never decoded to U+FFFD and imported.
        assertEquals(List.of("the line is not valid UTF-8"), report.listedRejections().get(2).errors());
    }

    @Test
    void aWrongHeaderRefusesTheFileAtLineOne() throws Exception {
        ImportReport report = run(ImportFormat.CSV, "title,text\nA,b\n");

        assertEquals(0, report.acceptedCount());
        assertEquals(1, report.rejectedCount());
        assertEquals(1, report.listedRejections().get(0).line());
    }

    @Test
    void acceptsAtMostTenPerPublishAndTheSameFileTwiceCreatesNothingNew() throws Exception {
        StringBuilder csv = new StringBuilder("name,description\n");
        for (int i = 0; i < 250; i++) {
            csv.append("Chair ").append(i).append(",Batch\n");
        }
        ImportReport first = run(ImportFormat.CSV, csv.toString());
        assertEquals(250, first.acceptedCount());
        assertTrue(publishBatchSizes.stream().allMatch(size -> size <= 10), publishBatchSizes.toString());
        assertTrue(publishBatchSizes.size() <= 25 + AcceptanceLanes.LANES, "full batches but for one per lane: " + publishBatchSizes);
        assertEquals(250, stored.size());

        run(ImportFormat.CSV, csv.toString());
        assertEquals(250, stored.size(), "the same rows derive the same command ids");
        assertEquals(new java.util.HashSet<>(published.subList(0, 250).stream().map(c -> c.payload().get("productId")).toList()),
                new java.util.HashSet<>(published.subList(250, 500).stream().map(c -> c.payload().get("productId")).toList()),
                "and the same product ids");
    }

    @Test
    void theRowsOfOneProductAreAcceptedInFileOrder() throws Exception {
        StringBuilder csv = new StringBuilder("name,description,productId\n");
        for (int i = 0; i < 40; i++) {
            csv.append("Name ").append(i).append(",,").append(PRODUCT).append('\n');
            csv.append("Other ").append(i).append(",,\n");
        }
        run(ImportFormat.CSV, csv.toString());
        List<String> names = published.stream().filter(c -> c.payload().get("productId").asText().equals(PRODUCT.toString()))
                .map(c -> c.payload().get("name").asText()).toList();
        assertEquals(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "Name " + i).toList(), names);
    }

    @Test
    void theReportListsAtMostAHundredRejectedRows() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            jsonl.append("{\"name\":\"\"}\n");
        }
        ImportReport report = run(ImportFormat.JSONL, jsonl.toString());

        assertEquals(250, report.rejectedCount());
        assertEquals(ImportReport.MAX_LISTED, report.listedRejections().size());
        assertTrue(report.listedRejections().get(0).errors().get(0).startsWith("/name"), report.listedRejections().get(0).errors().toString());
    }

    @Test
    void countsTheRowsOfEachImportedFileOnce() {
        String csv = "name,description\nDesk,Oak\n,no name\nShelf,Pine\n";
        java.util.concurrent.atomic.AtomicInteger replies = new java.util.concurrent.atomic.AtomicInteger();
        InMemoryMetrics metrics = new InMemoryMetrics();
        ImportProcessorHandler handler = new ImportProcessorHandler(new OneFile(csv), acceptance, reply -> replies.incrementAndGet(),
                (key, report) -> { }, "supplier-drop", new InMemoryCommandStore(), Clock.systemUTC(), metrics);

        SQSBatchResponse response = handler.handleRequest(EventLoader.loadSQSEvent("events/sqs-imports-batch.json"),
                LocalContext.forTest("importProcessor"));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, replies.get());
        assertEquals(List.of(3.0), metrics.values(Metric.IMPORT_ROWS), "two accepted rows and one rejected");
    }

    @Test
    void aFileDroppedWithAKeyOfItsOwnRunsAsTheSystemActorAndLeavesAReportBesideIt() {
        String csv = "name,description\nDesk,Oak\n,no name\n";
        List<dev.catalog.messaging.Reply> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> reports = new java.util.concurrent.ConcurrentHashMap<>();
        ImportProcessorHandler handler = new ImportProcessorHandler(new OneFile(csv), acceptance, replies::add, reports::put,
                "supplier-drop", new InMemoryCommandStore(), Clock.systemUTC(), new InMemoryMetrics());

        SQSBatchResponse response = handler.handleRequest(EventLoader.loadSQSEvent("events/sqs-imports-drop.json"),
                LocalContext.forTest("importProcessor"));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, published.size());
        assertEquals(new Actor("supplier-drop", List.of("editor")), published.get(0).actor(), "the metadata's local-editor is ignored");
        assertEquals("supplier-drop", replies.get(0).actor());
        var report = reports.get("imports/my catalog (v2) é.csv");
        assertTrue(report != null, "no report for the decoded key: " + reports.keySet());
        assertEquals("SUCCEEDED", report.get("status").asText());
        assertEquals("supplier-drop", report.at("/actor/sub").asText());
        assertEquals(1, report.at("/result/accepted").asInt());
        assertEquals(3, report.at("/result/rejectedRows/0/line").asInt());
    }

    @Test
    void aDroppedFileOfAnotherTypeFailsWithAReportSayingSoAndImportsNothing() {
        List<dev.catalog.messaging.Reply> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> reports = new java.util.concurrent.ConcurrentHashMap<>();
        ImportProcessorHandler handler = new ImportProcessorHandler(new OneFile("name,description\nDesk,Oak\n"), acceptance, replies::add,
                reports::put, "supplier-drop", new InMemoryCommandStore(), Clock.systemUTC(), new InMemoryMetrics());
        var event = EventLoader.loadSQSEvent("events/sqs-imports-drop.json");
        event.getRecords().get(0).setBody(event.getRecords().get(0).getBody().replace("%C3%A9.csv", "%C3%A9.xlsx"));

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("importProcessor"));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of(), published);
        dev.catalog.messaging.Reply reply = replies.get(0);
        assertEquals(dev.catalog.messaging.Reply.ReplyStatus.FAILED, reply.status());
        assertEquals(dev.catalog.messaging.Reply.ErrorCode.VALIDATION, reply.error().code());
        assertEquals(null, reply.result(), "a FAILED reply carries no result");
        var report = reports.get("imports/my catalog (v2) é.xlsx");
        assertEquals("FAILED", report.get("status").asText());
        assertTrue(report.at("/error/message").asText().contains(".xlsx"), report.toString());
    }

    @Test
    void theProcessorsOwnReportIsNeverImported() {
        List<dev.catalog.messaging.Reply> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImportProcessorHandler handler = new ImportProcessorHandler(new OneFile("name,description\nDesk,Oak\n"), acceptance, replies::add,
                (key, report) -> { throw new AssertionError("report of a report"); }, "supplier-drop", new InMemoryCommandStore(), Clock.systemUTC(), new InMemoryMetrics());
        var event = EventLoader.loadSQSEvent("events/sqs-imports-drop.json");
        event.getRecords().get(0).setBody(event.getRecords().get(0).getBody().replace("%C3%A9.csv", "%C3%A9.csv.report.json"));

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("importProcessor"));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(List.of(), published);
        assertEquals(List.of(), replies);
    }

    /** Every key holds the same CSV file. */
    private record OneFile(String content) implements AttachmentObjects {
        @Override
        public Optional<StoredObject> open(String key) {
            byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return Optional.of(new StoredObject() {
                @Override
                public String eTag() {
                    return "\"etag\"";
                }

                @Override
                public String contentType() {
                    return "text/csv";
                }

                @Override
                public long contentLength() {
                    return bytes.length;
                }

                @Override
                public Map<String, String> metadata() {
                    return Map.of(UploadUrls.UPLOADED_BY_METADATA, "local-editor");
                }

                @Override
                public java.io.InputStream content() {
                    return new java.io.ByteArrayInputStream(bytes);
                }

                @Override
                public void close() {
                }
            });
        }

        @Override
        public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
            throw new UnsupportedOperationException();
        }
    }

    private ImportReport run(ImportFormat format, String content) throws Exception {
        ImportReport report = new ImportReport();
        processor.read(IMPORT, format, new java.io.ByteArrayInputStream(asACarelessEncoderWritesIt(content)), EDITOR, report);
        return report;
    }

    /**
     * UTF-8, except that a lone surrogate is written as its own three bytes, as encoders that do not
     * check write it: a file can hold such bytes, and its reader must refuse them.
     */
    private static byte[] asACarelessEncoderWritesIt(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                bytes.writeBytes(text.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes.write(0xE0 | (c >> 12));
                bytes.write(0x80 | ((c >> 6) & 0x3F));
                bytes.write(0x80 | (c & 0x3F));
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
