package dev.catalog.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.S3ObjectCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One import file, imported: its rows read as the actor it runs as ({@link ImportActors}), then a
 * reply with the counts and the first rejected line numbers; a dropped file also gets a report
 * object beside it.
 */
final class ImportFiles {
    static final String IMPORT_REPLY_TYPE = "product.import";

    private final AttachmentObjects objects;
    private final ImportRows rows;
    private final ImportReplies replies;
    private final ImportReports reports;
    private final ImportActors actors;
    private final Clock clock;
    private final Metrics metrics;

    ImportFiles(AttachmentObjects objects, ImportRows rows, ImportReplies replies, ImportReports reports, ImportActors actors,
            Clock clock, Metrics metrics) {
        this.objects = objects;
        this.rows = rows;
        this.replies = replies;
        this.reports = reports;
        this.actors = actors;
        this.clock = clock;
        this.metrics = metrics;
    }

    void importFile(S3ObjectCreated created, String messageId, Context context) {
        String key = created.key();
        Optional<ImportKeys.ImportRef> parsed = ImportKeys.parse(key, created.eTag());
        if (parsed.isEmpty()) {
            // A report this function wrote, a "folder", or a key outside imports/: never an import.
            StructuredLog.write(context, "INFO", "ignored an object that is not an import file", Map.of("messageId", messageId));
            return;
        }
        ImportKeys.ImportRef ref = parsed.get();
        UUID importId = ref.importId();
        Optional<StoredObject> opened = objects.open(key);
        if (opened.isEmpty()) {
            StructuredLog.write(context, "WARN", "import file is gone", Map.of("messageId", messageId, "importId", importId));
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
                rows.read(importId, ref.format().get(), object.content(), actor, report);
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
        fields.put("messageId", messageId);
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

    private Reply reply(UUID importId, String actorSub, ImportReport report) {
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("importId", importId.toString());
        result.put("accepted", report.acceptedCount());
        result.put("rejected", report.rejectedCount());
        ArrayNode rejectedRows = result.putArray("rejectedRows");
        for (ImportReport.RejectedRow row : report.listedRejections()) {
            ObjectNode entry = rejectedRows.addObject().put("line", row.line());
            row.errors().forEach(entry.putArray("errors")::add);
        }
        result.put("rejectedRowsTruncated", report.rejectedCount() > report.listedRejections().size());
        return new Reply(importId, IMPORT_REPLY_TYPE, ReplyStatus.SUCCEEDED, actorSub, importId.toString(), clock.instant(), result, null, null);
    }
}
