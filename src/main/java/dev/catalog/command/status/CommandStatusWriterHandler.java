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
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.MalformedMessageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * Moves commands from ACCEPTED to SUCCEEDED or FAILED as their replies arrive on the
 * command-status queue (standard: replies of different commands need no order).
 *
 * <p>The whole batch goes to the table together (a few requests instead of one per reply).
 * Duplicate replies and replies for commands the table no longer has succeed without a write;
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
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Set<String> notTaken = new HashSet<>();
        List<SQSMessage> parsedMessages = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        for (SQSMessage message : event.getRecords()) {
            try {
                replies.add(ReplyMessage.parse(JSON, message.getBody()));
                parsedMessages.add(message);
            } catch (MalformedMessageException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("messageId", message.getMessageId());
                fields.put("reason", e.getMessage());
                StructuredLog.write(context, "WARN", "malformed reply rejected", fields);
                notTaken.add(message.getMessageId());
            }
        }
        List<Completion> completions = replies.isEmpty() ? List.of() : statuses.completeAll(replies);
        // Completions are counted on one line per batch; what an operator must look at gets a line of its own.
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int position = 0; position < replies.size(); position++) {
            SQSMessage message = parsedMessages.get(position);
            Reply reply = replies.get(position);
            Completion completion = completions.get(position);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messageId", message.getMessageId());
            fields.put("commandId", reply.commandId());
            fields.put("correlationId", reply.correlationId());
            fields.put("status", reply.status());
            fields.put("outcome", completion.outcome());
            if (completion.outcome() == CompletionOutcome.NOT_WRITTEN) {
                fields.put("error", completion.storeError().orElse("unknown"));
                StructuredLog.write(context, "ERROR", describe(completion.outcome()), fields);
                notTaken.add(message.getMessageId());
                continue;
            }
            record(reply, completion.outcome());
            if (completion.outcome() == CompletionOutcome.UNKNOWN_COMMAND) {
                StructuredLog.write(context, "WARN", describe(completion.outcome()), fields);
            }
            outcomes.merge(completion.outcome().name(), 1, Integer::sum);
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("received", event.getRecords().size());
        batch.put("notTaken", notTaken.size());
        batch.putAll(outcomes);
        StructuredLog.write(context, "INFO", "status batch done", batch);
        BatchItemFailures failures = new BatchItemFailures();
        for (SQSMessage message : event.getRecords()) {
            // Blocking only happens on a FIFO queue, kept should this one become one: the rest of a failed
            // message's group is retried after it; a reply already recorded then finds its command completed.
            if (notTaken.contains(message.getMessageId()) || failures.isBlocked(message)) {
                failures.fail(message);
            }
        }
        return failures.toResponse();
    }

    private void record(Reply reply, CompletionOutcome outcome) {
        switch (outcome) {
            case COMPLETED -> {
                metrics.record(reply.status() == Reply.ReplyStatus.SUCCEEDED ? Metric.COMMANDS_SUCCEEDED : Metric.COMMANDS_FAILED,
                        reply.type(), 1);
                if (reply.acceptedAt() != null) {
                    metrics.record(Metric.COMMAND_LATENCY, reply.type(),
                            Math.max(0, Duration.between(reply.acceptedAt(), reply.completedAt()).toMillis()));
                }
            }
            case ALREADY_COMPLETED -> metrics.record(Metric.DUPLICATE_DELIVERIES, reply.type(), 1);
            case UNKNOWN_COMMAND, NOT_WRITTEN -> { }
        }
    }

    private static String describe(CompletionOutcome outcome) {
        return switch (outcome) {
            case COMPLETED -> "command completed";
            case ALREADY_COMPLETED -> "duplicate reply ignored: command already completed";
            case UNKNOWN_COMMAND -> "reply for an unknown or expired command ignored";
            case NOT_WRITTEN -> "command status not written; will be retried";
        };
    }
}
