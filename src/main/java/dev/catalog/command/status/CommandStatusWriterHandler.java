package dev.catalog.command.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.command.Reply;
import dev.catalog.command.status.CommandStatuses.Completion;
import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.MalformedMessageException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves commands from ACCEPTED to SUCCEEDED or FAILED as their replies arrive on the
 * command-status queue (standard: replies of different commands need no order).
 *
 * <p>Duplicate replies and replies for commands the table no longer has succeed without a write;
 * a malformed reply, or one the table could not take, is a batch item failure.
 */
public final class CommandStatusWriterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final ObjectMapper JSON = Json.mapper();

    private final CommandStatuses statuses;
    private final Metrics metrics;

    public CommandStatusWriterHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("commandStatusWriter", this, SnapStartPriming.malformedSqsMessage());
    }

    public CommandStatusWriterHandler(FunctionEnvironment environment) {
        this(new DynamoDbCommandStatuses(environment.clients().dynamoDb(), environment.settings().requireCommandsTable()),
                Metrics.forFunction(environment));
    }

    public CommandStatusWriterHandler(CommandStatuses statuses) {
        this(statuses, Metrics.none());
    }

    public CommandStatusWriterHandler(CommandStatuses statuses, Metrics metrics) {
        this.statuses = statuses;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            return completeAll(event, context);
        } finally {
            metrics.flush();
        }
    }

    private SQSBatchResponse completeAll(SQSEvent event, Context context) {
        BatchItemFailures failures = new BatchItemFailures();
        for (SQSMessage message : event.getRecords()) {
            // Only blocks on FIFO queues; kept so the handler stays correct if the queue ever becomes one.
            if (failures.isBlocked(message)) {
                failures.fail(message);
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messageId", message.getMessageId());
            try {
                Reply reply = ReplyMessage.parse(JSON, message.getBody());
                fields.put("commandId", reply.commandId());
                fields.put("correlationId", reply.correlationId());
                fields.put("status", reply.status());
                Completion completion = statuses.complete(reply);
                CompletionOutcome outcome = completion.outcome();
                fields.put("outcome", outcome);
                record(reply, completion);
                String level = outcome == CompletionOutcome.UNKNOWN_COMMAND ? "WARN" : "INFO";
                StructuredLog.write(context, level, describe(outcome), fields);
            } catch (MalformedMessageException e) {
                fields.put("reason", e.getMessage());
                StructuredLog.write(context, "WARN", "malformed reply rejected", fields);
                failures.fail(message);
            } catch (CommandStatusesUnavailableException e) {
                fields.put("error", e.getCause().getClass().getSimpleName());
                StructuredLog.write(context, "ERROR", "command status not written; will be retried", fields);
                failures.fail(message);
            }
        }
        return failures.toResponse();
    }

    private void record(Reply reply, Completion completion) {
        switch (completion.outcome()) {
            case COMPLETED -> {
                metrics.record(reply.status() == Reply.ReplyStatus.SUCCEEDED ? Metric.COMMANDS_SUCCEEDED : Metric.COMMANDS_FAILED,
                        reply.type(), 1);
                completion.acceptedAt().ifPresent(acceptedAt -> metrics.record(Metric.COMMAND_LATENCY, reply.type(),
                        Math.max(0, Duration.between(acceptedAt, reply.completedAt()).toMillis())));
            }
            case ALREADY_COMPLETED -> metrics.record(Metric.DUPLICATE_DELIVERIES, reply.type(), 1);
            case UNKNOWN_COMMAND -> { }
        }
    }

    private static String describe(CompletionOutcome outcome) {
        return switch (outcome) {
            case COMPLETED -> "command completed";
            case ALREADY_COMPLETED -> "duplicate reply ignored: command already completed";
            case UNKNOWN_COMMAND -> "reply for an unknown or expired command ignored";
        };
    }
}
