package dev.catalog.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.S3AttachmentObjects;
import dev.catalog.command.Actor;
import dev.catalog.command.Reply;
import dev.catalog.command.Reply.ReplyStatus;
import dev.catalog.command.api.CommandAcceptance;
import dev.catalog.command.api.CommandRecord;
import dev.catalog.command.api.DynamoDbCommandStore;
import dev.catalog.command.api.NewCommand;
import dev.catalog.command.api.ProductCommandRequests;
import dev.catalog.command.api.RequestHash;
import dev.catalog.command.api.ValidatedCommand;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.S3ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Imports products from a CSV or JSON-lines file uploaded under {@code imports/}: streams it line
 * by line (bounded lines, never the whole file), checks each row with the API's own rules, accepts
 * the valid ones as {@code product.create} / {@code product.update} commands ten at a time (one
 * status item each, one PublishBatch per ten), and replies with the counts and the first rejected
 * line numbers.
 *
 * <p>Command and product ids are derived from the import id and the line number, so processing the
 * same file again (a duplicate notification, a retry after a failure) accepts the same commands,
 * which the command store and the FIFO topic recognise: nothing is created twice.
 */
public final class ImportProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final String IMPORT_REPLY_TYPE = "product.import";
    /** Far longer than any valid row (a 200-character name and a 4000-character description). */
    static final int MAX_LINE_CHARS = 16 * 1024;
    private static final int BATCH = 10;
    /** The subject of dropped files where no stage parameter names one (tests and benchmarks only). */
    static final String DEFAULT_SYSTEM_ACTOR = "supplier-drop";

    private final AttachmentObjects objects;
    private final CommandAcceptance acceptance;
    private final ImportReplies replies;
    private final ProductCommandRequests rules;
    private final Clock clock;
    private final Metrics metrics;
    private final ImportActors actors;
    private final ImportReports reports;

    public ImportProcessorHandler() {
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("importProcessor", this, SnapStartPriming.malformedSqsMessage());
    }

    public ImportProcessorHandler(FunctionEnvironment environment) {
        this(S3AttachmentObjects.forDocuments(environment),
                CommandAcceptance.forCommandsOf(environment),
                new SnsImportReplies(environment.clients().sns(), environment.settings().requireRepliesTopicArn(), Json.mapper()),
                environment.clock(),
                Metrics.forFunction(environment),
                environment.settings().requireImportActor(),
                new DynamoDbCommandStore(environment.clients().dynamoDb(), environment.settings().requireCommandsTable())::find,
                new S3ImportReports(environment.clients().s3(), environment.settings().requireDocumentsBucket(), Json.mapper()));
    }

    public ImportProcessorHandler(AttachmentObjects objects, CommandAcceptance acceptance, ImportReplies replies, Clock clock) {
        this(objects, acceptance, replies, clock, Metrics.none());
    }

    /**
     * No import is recorded as requested through the API, so every file runs as {@link #DEFAULT_SYSTEM_ACTOR};
     * reports are not kept (tests, benchmarks).
     */
    public ImportProcessorHandler(AttachmentObjects objects, CommandAcceptance acceptance, ImportReplies replies, Clock clock,
            Metrics metrics) {
        this(objects, acceptance, replies, clock, metrics, DEFAULT_SYSTEM_ACTOR, importId -> Optional.empty(), (key, report) -> { });
    }

    /**
     * @param systemActor the subject files dropped straight into the bucket are imported as
     * @param recordedImports the commands table's record of an import id: who requested it through the API
     * @param reports where a dropped file's outcome is left for its uploader
     */
    ImportProcessorHandler(AttachmentObjects objects, CommandAcceptance acceptance, ImportReplies replies, Clock clock,
            Metrics metrics, String systemActor, Function<UUID, Optional<CommandRecord>> recordedImports, ImportReports reports) {
        this.actors = new ImportActors(systemActor, recordedImports);
        this.reports = reports;
        this.metrics = metrics;
        this.objects = objects;
        this.acceptance = acceptance;
        this.replies = replies;
        this.rules = ProductCommandRequests.withRequestSchemas();
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        try {
            return importAll(event, context);
        } finally {
            metrics.flush();
        }
    }

    private SQSBatchResponse importAll(SQSEvent event, Context context) {
        BatchItemFailures failures = new BatchItemFailures();
        for (SQSMessage message : event.getRecords()) {
            try {
                for (S3ObjectCreated created : S3ObjectCreated.in(Json.mapper(), message.getBody())) {
                    importFile(created, message, context);
                }
            } catch (RuntimeException e) {
                // Where it failed, never what it read: the frame, not the message.
                Throwable root = e.getCause() != null ? e.getCause() : e;
                StackTraceElement[] frames = root.getStackTrace();
                StructuredLog.write(context, "ERROR", "import not finished; will be retried",
                        Map.of("messageId", message.getMessageId(), "error", root.getClass().getName(),
                                "at", frames.length == 0 ? "" : frames[0].toString()));
                failures.fail(message);
            }
        }
        return failures.toResponse();
    }

    private void importFile(S3ObjectCreated created, SQSMessage message, Context context) {
        String key = created.key();
        Optional<ImportKeys.ImportRef> parsed = ImportKeys.parse(key, created.eTag());
        if (parsed.isEmpty()) {
            // A report this function wrote, a "folder", or a key outside imports/: never an import.
            StructuredLog.write(context, "INFO", "ignored an object that is not an import file", Map.of("messageId", message.getMessageId()));
            return;
        }
        ImportKeys.ImportRef ref = parsed.get();
        UUID importId = ref.importId();
        Optional<StoredObject> opened = objects.open(key);
        if (opened.isEmpty()) {
            StructuredLog.write(context, "WARN", "import file is gone", Map.of("messageId", message.getMessageId(), "importId", importId));
            return;
        }
        ImportReport report = new ImportReport();
        Actor actor;
        Reply reply;
        try (StoredObject object = opened.get()) {
            actor = actors.select(ref);
            if (ref.format().isEmpty()) {
                reply = unsupportedFormat(importId, actor.sub(), key);
            } else {
                readRows(importId, ref.format().get(), object.content(), actor, report);
                reply = reply(importId, actor.sub(), report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the import failed", e);
        }
        if (ref.source() == ImportKeys.Source.DROP) {
            // Before the reply: a retry after a failed reply writes the same report again.
            reports.write(key, reportObject(ref, actor, reply));
        }
        replies.publish(reply);
        // After the reply, so a retried import (the reply failed) is not counted twice.
        metrics.record(Metric.IMPORT_ROWS, report.acceptedCount() + report.rejectedCount());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.getMessageId());
        fields.put("importId", importId.toString());
        fields.put("source", ref.source().name());
        fields.put("actor", actor.sub());
        fields.put("accepted", report.acceptedCount());
        fields.put("rejected", report.rejectedCount());
        StructuredLog.write(context, "INFO", "import processed", fields);
    }

    private Reply unsupportedFormat(UUID importId, String actorSub, String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String message = (dot < 0 ? "the file name has no extension" : "the extension " + name.substring(dot) + " names no import format")
                + ": name the file .csv, .jsonl or .ndjson";
        // A FAILED reply carries an error and no result (schemas/reply.v1.json; the status writer refuses anything else).
        return new Reply(importId, IMPORT_REPLY_TYPE, ReplyStatus.FAILED, actorSub, importId.toString(), clock.instant(), null,
                new Reply.ReplyError(Reply.ErrorCode.VALIDATION, message), null);
    }

    /** The reply, with the file and who it ran as: what the uploader reads beside the file. */
    private static ObjectNode reportObject(ImportKeys.ImportRef ref, Actor actor, Reply reply) {
        ObjectNode report = Json.mapper().createObjectNode();
        report.put("key", ref.key());
        report.put("importId", ref.importId().toString());
        report.put("status", reply.status().name());
        ObjectNode runAs = report.putObject("actor");
        runAs.put("sub", actor.sub());
        actor.roles().forEach(runAs.putArray("roles")::add);
        if (reply.result() != null) {
            report.set("result", reply.result());
        }
        if (reply.error() != null) {
            report.putObject("error").put("code", reply.error().code().name()).put("message", reply.error().message());
        }
        report.put("completedAt", reply.completedAt().toString());
        return report;
    }

    /**
     * Streams the rows into {@code report}, accepting valid ones ten at a time on {@link #LANES}
     * parallel lanes. A product's rows always take the same lane, so its commands are accepted in
     * file order; at most {@link #IN_FLIGHT_BATCHES} batches wait at any time, which bounds memory.
     */
    public void readRows(UUID importId, ImportFormat format, java.io.InputStream content, Actor actor, ImportReport report) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, MAX_LINE_CHARS);
        ImportRowParser parser = new ImportRowParser(format);
        try (Lanes lanes = new Lanes(report)) {
            BoundedLineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.tooLong()) {
                    report.rejected(line.number(), List.of("the line is longer than " + MAX_LINE_CHARS + " characters"));
                    continue;
                }
                if (line.notUtf8()) {
                    report.rejected(line.number(), List.of("the line is not valid UTF-8"));
                    continue;
                }
                if (line.text().isBlank()) {
                    continue;
                }
                if (parser.expectsHeader()) {
                    Optional<String> problem = parser.acceptHeader(line.text());
                    if (problem.isPresent()) {
                        // Without a header no row can be read: the whole file is refused at line 1.
                        report.rejected(line.number(), List.of(problem.get()));
                        return;
                    }
                    continue;
                }
                ImportRow row = parser.parse(line.number(), line.text());
                List<String> problems = new ArrayList<>(row.problems());
                ValidatedCommand command = null;
                if (problems.isEmpty()) {
                    List<FieldError> errors = new ArrayList<>();
                    command = row.productId() == null ? rules.create(row.body(), errors) : rules.update(row.productId(), row.body(), errors);
                    errors.forEach(error -> problems.add(error.field() + ": " + error.message()));
                }
                if (!problems.isEmpty()) {
                    report.rejected(row.line(), problems);
                    continue;
                }
                lanes.add(toNewCommand(importId, row.line(), command, actor));
            }
        }
    }

    static final int LANES = 8;
    static final int IN_FLIGHT_BATCHES = 2 * LANES;

    /** Batches of ten per lane, each lane accepting its batches in order on its own thread. */
    private final class Lanes implements AutoCloseable {
        private final ImportReport report;
        private final List<List<NewCommand>> batches = new ArrayList<>();
        private final List<java.util.concurrent.ExecutorService> executors = new ArrayList<>();
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT_BATCHES);
        private final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();

        Lanes(ImportReport report) {
            this.report = report;
            for (int lane = 0; lane < LANES; lane++) {
                batches.add(new ArrayList<>(BATCH));
                executors.add(java.util.concurrent.Executors.newSingleThreadExecutor());
            }
        }

        void add(NewCommand command) {
            int lane = Math.floorMod(command.productId().hashCode(), LANES);
            List<NewCommand> batch = batches.get(lane);
            batch.add(command);
            if (batch.size() == BATCH) {
                submit(lane, List.copyOf(batch));
                batch.clear();
            }
        }

        private void submit(int lane, List<NewCommand> batch) {
            rethrowFailure();
            inFlight.acquireUninterruptibly();
            executors.get(lane).execute(() -> {
                try {
                    if (failure.get() == null) {
                        acceptance.acceptAll(batch);
                        report.accepted(batch.size());
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            });
        }

        /** A new exception each time: close() may rethrow while the body's rethrow is propagating. */
        private void rethrowFailure() {
            if (failure.get() != null) {
                throw new IllegalStateException("accepting import rows failed: " + failure.get().getClass().getName(), failure.get());
            }
        }

        /** Submits the partial batches, waits for every lane, and rethrows the first failure. */
        @Override
        public void close() {
            for (int lane = 0; lane < LANES; lane++) {
                if (!batches.get(lane).isEmpty()) {
                    submit(lane, List.copyOf(batches.get(lane)));
                    batches.get(lane).clear();
                }
            }
            executors.forEach(java.util.concurrent.ExecutorService::shutdown);
            for (java.util.concurrent.ExecutorService executor : executors) {
                try {
                    executor.awaitTermination(15, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while accepting import rows", e);
                }
            }
            rethrowFailure();
        }
    }

    private static NewCommand toNewCommand(UUID importId, int line, ValidatedCommand command, Actor actor) {
        UUID commandId = derived(importId, line, "command");
        UUID productId = command.productId() == null ? derived(importId, line, "product") : command.productId();
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("productId", productId.toString());
        payload.setAll(command.fields());
        String route = "IMPORT " + importId + " line " + line;
        // idMayBeTaken false: a command already stored under this id is this very row, found again on a re-run.
        return new NewCommand(commandId, command.type(), productId, payload, RequestHash.of(actor.sub(), route, command), actor,
                importId.toString(), false);
    }

    private static UUID derived(UUID importId, int line, String what) {
        return UUID.nameUUIDFromBytes((importId + ":" + line + ":" + what).getBytes(StandardCharsets.UTF_8));
    }

    private Reply reply(UUID importId, String actorSub, ImportReport report) {
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("importId", importId.toString());
        result.put("accepted", report.acceptedCount());
        result.put("rejected", report.rejectedCount());
        ArrayNode rows = result.putArray("rejectedRows");
        for (ImportReport.RejectedRow row : report.listedRejections()) {
            ObjectNode entry = rows.addObject().put("line", row.line());
            row.errors().forEach(entry.putArray("errors")::add);
        }
        result.put("rejectedRowsTruncated", report.rejectedCount() > report.listedRejections().size());
        return new Reply(importId, IMPORT_REPLY_TYPE, ReplyStatus.SUCCEEDED, actorSub, importId.toString(), clock.instant(), result, null, null);
    }
}
