package dev.catalog.product;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.JdbcTransactions;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.JdbcOutboxTransactions;
import dev.catalog.outbox.OutboxRelay.RelayReport;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.outbox.SnsOutboxPublisher;
import dev.catalog.product.ProductCommandApplier.AppliedCommand;
import dev.catalog.queue.BatchItemFailures;
import dev.catalog.queue.ForeignEvents;
import dev.catalog.queue.MalformedMessageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies the product commands of an SQS batch in order, one transaction each, then publishes what
 * the committed transactions put in the outbox, batched across the whole SQS batch.
 *
 * <p>A malformed message and a message whose transaction failed (database trouble) are reported as
 * batch item failures, with every later message of their FIFO group; other groups carry on. A
 * rejected command (unknown product, version conflict, ...) is a committed FAILED reply, so its
 * message succeeds. Publishing after commit never fails a message: the effect is committed and
 * whatever did not go out is left for the outbox sweeper.
 */
public final class ProductWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final ObjectMapper json = Json.mapper();
    private final ProductCommandApplier applier;
    private final OutboxTransactions outboxTransactions;
    private final OutboxRelay relay;
    private final Metrics metrics;

    public ProductWorkerHandler() {
        this(FunctionEnvironment.fromLambda());
        // Only Lambda builds handlers this way; the snapshot then holds a handler that has served a request.
        SnapStartPriming.registerHandler("productWorker", this, SnapStartPriming.malformedSqsMessage());
    }

    public ProductWorkerHandler(FunctionEnvironment environment) {
        this(JdbcTransactions.forFunction(environment),
                environment);
    }

    private ProductWorkerHandler(JdbcTransactions transactions, FunctionEnvironment environment) {
        this(new ProductCommandApplier(new JdbcProductTransactions(transactions, Json.mapper()), new ProductMessages(Json.mapper()),
                        environment.clock()),
                new JdbcOutboxTransactions(transactions, Json.mapper()),
                new OutboxRelay(SnsOutboxPublisher.forTopicsOf(environment)),
                Metrics.forFunction(environment));
    }

    public ProductWorkerHandler(ProductCommandApplier applier, OutboxTransactions outboxTransactions, OutboxRelay relay) {
        this(applier, outboxTransactions, relay, Metrics.none());
    }

    public ProductWorkerHandler(ProductCommandApplier applier, OutboxTransactions outboxTransactions, OutboxRelay relay,
            Metrics metrics) {
        this.applier = applier;
        this.outboxTransactions = outboxTransactions;
        this.relay = relay;
        this.metrics = metrics;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            return applyAll(event, context);
        } finally {
            metrics.flush();
        }
    }

    private SQSBatchResponse applyAll(SQSEvent event, Context context) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        LambdaLogger logger = context.getLogger();
        BatchItemFailures failures = new BatchItemFailures();
        List<PendingOutboxMessage> committed = new ArrayList<>();
        // Success is one line per batch (outcomes counted); a failure gets a line of its own with the details.
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> rejections = new TreeMap<>();
        for (SQSMessage message : event.getRecords()) {
            if (failures.isBlocked(message)) {
                write(logger, entry(context, "WARN", "skipped: an earlier message of its group failed", message, null));
                failures.fail(message);
                continue;
            }
            ProductCommandMessage command;
            try {
                command = ProductCommandMessage.read(json, message);
            } catch (MalformedMessageException e) {
                write(logger, entry(context, "ERROR", "malformed product command", message, null).put("reason", e.getMessage()));
                failures.fail(message);
                continue;
            }
            try {
                AppliedCommand applied = applier.apply(command.envelope(), command.command());
                committed.addAll(applied.outboxMessages());
                outcomes.merge(applied.outcome().name(), 1, Integer::sum);
                applied.rejection().ifPresent(rejection -> rejections.merge(rejection.code().name(), 1, Integer::sum));
                if (applied.outcome() == ProductCommandApplier.Outcome.DUPLICATE) {
                    metrics.record(Metric.DUPLICATE_DELIVERIES, command.envelope().type(), 1);
                }
            } catch (RuntimeException e) {
                // Rolled back: SQS redelivers the message (and the rest of its group) after the visibility timeout.
                write(logger, entry(context, "ERROR", "product command not applied; will be retried", message, command)
                        .put("error", e.getClass().getName()).put("reason", String.valueOf(e.getMessage())));
                failures.fail(message);
            }
        }
        ObjectNode batch = line(context, "INFO", "product batch done").put("received", event.getRecords().size())
                .put("failed", failures.count());
        outcomes.forEach(batch.putObject("outcomes")::put);
        if (!rejections.isEmpty()) {
            rejections.forEach(batch.putObject("rejected")::put);
        }
        publishCommitted(committed, context, batch);
        write(logger, batch);
        return failures.toResponse();
    }

    /** Relays what the batch committed; on success its figures go on the batch's line, otherwise on a WARN line of their own. */
    private void publishCommitted(List<PendingOutboxMessage> committed, Context context, ObjectNode batch) {
        LambdaLogger logger = context.getLogger();
        if (committed.isEmpty()) {
            return;
        }
        try {
            RelayReport report = outboxTransactions.inTransaction(outbox -> relay.relay(committed, outbox));
            if (report.leftUnpublished() == 0) {
                batch.put("published", report.published()).put("publishRequests", report.publishRequests());
                return;
            }
            ObjectNode entry = line(context, "WARN", "outbox relayed")
                    .put("published", report.published())
                    .put("leftUnpublished", report.leftUnpublished()).put("publishRequests", report.publishRequests());
            report.failures().forEach(entry.putArray("failures")::add);
            write(logger, entry);
        } catch (RuntimeException e) {
            // The commands are committed; the sweeper publishes (or re-publishes) whatever is not marked.
            write(logger, line(context, "WARN", "outbox relay failed; left for the sweeper")
                    .put("error", e.getClass().getName()).put("rows", committed.size()));
        }
    }

    private ObjectNode entry(Context context, String level, String text, SQSMessage message, ProductCommandMessage command) {
        ObjectNode entry = line(context, level, text).put("messageId", message.getMessageId());
        if (command != null) {
            entry.put("commandId", command.envelope().commandId().toString())
                    .put("commandType", command.envelope().type())
                    .put("correlationId", command.envelope().correlationId());
        }
        return entry;
    }

    /** A log line naming the function and the invocation's request id. */
    private ObjectNode line(Context context, String level, String text) {
        return json.createObjectNode().put("level", level).put("message", text)
                .put("function", context.getFunctionName()).put("requestId", context.getAwsRequestId());
    }

    private void write(LambdaLogger logger, ObjectNode entry) {
        try {
            logger.log(json.writeValueAsString(entry) + "\n");
        } catch (JsonProcessingException e) {
            logger.log("{\"level\":\"ERROR\",\"message\":\"log entry not serialisable\"}\n");
        }
    }
}
