package dev.catalog.command.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.messaging.Reply;
import dev.catalog.command.status.CommandStatuses.Completion;
import dev.catalog.command.status.CommandStatuses.CompletionOutcome;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metrics;
import dev.catalog.queue.BatchSummary;
import dev.catalog.queue.SqsBatchProcessor;
import dev.catalog.queue.SqsBatchProcessor.Received;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves commands from ACCEPTED to SUCCEEDED or FAILED as their replies arrive on the
 * command-status queue (standard: replies of different commands need no order).
 *
 * <p>The whole batch goes to the table together (a few requests instead of one per reply).
 * Duplicate replies and replies for commands the table no longer has succeed without a write;
 * a malformed reply, or one the table could not take, is a batch item failure (on a FIFO queue,
 * should this one become one, with the rest of its group: a reply already recorded then finds its
 * command completed).
 */
public final class CommandStatusWriterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final CommandStatuses statuses;
    private final Metrics metrics;

    public CommandStatusWriterHandler() {
        this(DynamoDbCommandStatuses.from(FunctionEnvironment.fromLambda()), Metrics.forFunction(FunctionEnvironment.fromLambda()));
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("commandStatusWriter", this, SnapStartPriming.malformedSqsMessage());
    }

    public CommandStatusWriterHandler(CommandStatuses statuses, Metrics metrics) {
        this.statuses = statuses;
        this.metrics = metrics;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static CommandStatusWriterHandler from(FunctionEnvironment environment) {
        return new CommandStatusWriterHandler(DynamoDbCommandStatuses.from(environment), Metrics.forFunction(environment));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            BatchSummary batch = new BatchSummary("status batch done");
            return batch.written(event, SqsBatchProcessor.process(event, context, message -> ReplyMessage.parse(Json.mapper(), message.getBody()),
                    replies -> completeAll(replies, batch, context), reply -> { }), context);
        } finally {
            metrics.flush();
        }
    }

    /** @return the replies the table did not take */
    private List<Received<Reply>> completeAll(List<Received<Reply>> replies, BatchSummary batch, Context context) {
        List<Completion> completions = statuses.completeAll(replies.stream().map(Received::content).toList());
        List<Received<Reply>> notTaken = new ArrayList<>();
        // Completions are counted on the batch's line; what an operator must look at gets a line of its own.
        for (int position = 0; position < replies.size(); position++) {
            Reply reply = replies.get(position).content();
            CompletionOutcome outcome = completions.get(position).outcome();
            CompletionMetrics.record(metrics, reply, outcome);
            batch.count(outcome.name());
            if (outcome == CompletionOutcome.COMPLETED || outcome == CompletionOutcome.ALREADY_COMPLETED) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("messageId", replies.get(position).messageId());
            fields.put("commandId", reply.commandId());
            fields.put("correlationId", reply.correlationId());
            fields.put("status", reply.status());
            fields.put("outcome", outcome);
            if (outcome == CompletionOutcome.NOT_WRITTEN) {
                fields.put("error", completions.get(position).storeError().orElse("unknown"));
                notTaken.add(replies.get(position));
            }
            StructuredLog.write(context, outcome.logLevel(), outcome.description(), fields);
        }
        return notTaken;
    }
}
