package dev.catalog.local.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a run's {@link RunCounts} with a {@link PriceTable}, service by service, and derives the
 * naive baseline from the same counts: every PublishBatch entry published on its own, SQS batch
 * size 1 (one invocation, one receive and one delete per message) and one PutMetricData per
 * message instead of EMF lines. Aurora is left out (its compute is billed by capacity, not request).
 */
final class CostModel {
    static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;

    /** One priced line; {@code unpriced} names what had no figure in the table (and so counts as $0). */
    record CostLine(String service, double usd, Optional<String> unpriced) {
    }

    /** A run's cost, line by line. */
    record Cost(long commands, List<CostLine> lines) {
        double totalUsd() {
            return lines.stream().mapToDouble(CostLine::usd).sum();
        }

        double perMillionCommands(double usd) {
            return commands == 0 ? 0 : usd * 1_000_000.0 / commands;
        }
    }

    private final PriceTable prices;

    CostModel(PriceTable prices) {
        this.prices = prices;
    }

    Cost cost(RunCounts run) {
        List<CostLine> lines = new ArrayList<>();
        lines.add(priced("Lambda requests", run.invocations(), "lambda.requests"));
        double arm = 0;
        double x86 = 0;
        for (RunCounts.FunctionRun function : run.functions()) {
            if (function.architecture().equals("x86_64")) {
                x86 += function.billedGbSeconds();
            } else {
                arm += function.billedGbSeconds();
            }
        }
        lines.add(sum("Lambda duration (GB-s at declared memory)", priced("", arm, "lambda.duration.arm64"),
                priced("", x86, "lambda.duration.x86_64")));
        lines.add(priced("API Gateway HTTP API", run.apiRequests(), "apigateway.http.requests"));

        long standardUnits = 0;
        long fifoUnits = 0;
        long fifoPayload = 0;
        for (RunCounts.TopicPublishes topic : run.publishes()) {
            if (topic.fifo()) {
                fifoUnits += topic.billableUnits();
                fifoPayload += topic.payloadBytes();
            } else {
                standardUnits += topic.billableUnits();
            }
        }
        lines.add(sum("SNS publishes", priced("", standardUnits, "sns.standard.publish"), priced("", fifoUnits, "sns.fifo.publish"),
                priced("FIFO payload", fifoPayload / BYTES_PER_GB, "sns.fifo.publish.payload")));

        lines.add(sqs("SQS requests by functions", run, RequestOrigin.Kind.FUNCTION));
        lines.add(sqs("SQS Lambda pollers (receive, delete)", run, RequestOrigin.Kind.EVENT_SOURCE_POLLER));
        lines.add(sqs("SQS SNS deliveries (assumed billed)", run, RequestOrigin.Kind.SNS_DELIVERY));
        lines.add(sum("DynamoDB on-demand", priced("", run.writeUnits(), "dynamodb.ondemand.write"),
                priced("", run.readUnits(), "dynamodb.ondemand.read")));
        lines.add(sum("S3 requests", priced("", run.s3PutClassRequests(), "s3.standard.put"),
                priced("", run.s3GetClassRequests(), "s3.standard.get")));
        lines.add(priced("CloudWatch PutMetricData", run.putMetricDataRequests(), "cloudwatch.putmetricdata"));
        RunCounts.LogVolume logs = run.logs();
        lines.add(priced("CloudWatch Logs: EMF lines", logs.emfBytes() / BYTES_PER_GB, "cloudwatch.logs.ingestion"));
        double otherLogBytes = logs.functionLogBytes() + (double) logs.platformBytesPerInvocation() * run.invocations();
        lines.add(priced("CloudWatch Logs: function + platform lines", otherLogBytes / BYTES_PER_GB, "cloudwatch.logs.ingestion"));
        return new Cost(run.commands(), lines);
    }

    /**
     * The same run as a naive implementation would have made it: each PublishBatch entry its own
     * Publish (and each SNS delivery its own SendMessage), every SQS-triggered function invoked per
     * message (a receive and a delete per message; empty receives as measured), and one
     * PutMetricData per message that records metrics instead of EMF lines. Compute (GB-s),
     * DynamoDB, S3 and the API stay as measured: the work per message is the same.
     */
    static RunCounts naive(RunCounts run) {
        List<RunCounts.FunctionRun> functions = run.functions().stream()
                .map(function -> function.trigger().equals("sqs")
                        ? new RunCounts.FunctionRun(function.name(), function.trigger(), function.records(), function.records(),
                                function.billedGbSeconds(), function.architecture())
                        : function)
                .toList();
        List<RunCounts.TopicPublishes> publishes = run.publishes().stream()
                .map(topic -> {
                    long oneByOne = topic.publishRequests() + topic.batchEntries();
                    return new RunCounts.TopicPublishes(topic.topic(), topic.fifo(), oneByOne, 0, 0, oneByOne, topic.payloadBytes());
                })
                .toList();
        List<RunCounts.QueueRequests> queueRequests = new ArrayList<>();
        for (RunCounts.QueueRequests requests : run.queueRequests()) {
            queueRequests.add(naiveQueueRequests(requests));
        }
        RunCounts.LogVolume logs = new RunCounts.LogVolume(0, 0, run.logs().functionLogBytes(), run.logs().platformBytesPerInvocation());
        return new RunCounts(run.commands(), functions, publishes, queueRequests, run.writeUnits(), run.readUnits(),
                run.s3PutClassRequests(), run.s3GetClassRequests(), run.metricMessages(),
                run.putMetricDataRequests() + run.metricMessages(), logs);
    }

    private static RunCounts.QueueRequests naiveQueueRequests(RunCounts.QueueRequests requests) {
        long perMessage = switch (requests.operation()) {
            // One message per send; with batch size 1 a poller receives and deletes every message on its own.
            case "SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch" -> requests.entries();
            case "ReceiveMessage" -> requests.entries() + requests.emptyReceives();
            default -> requests.requests();
        };
        String operation = requests.operation().replace("Batch", "");
        return new RunCounts.QueueRequests(requests.origin(), operation, requests.queue(), requests.fifo(), perMessage, perMessage,
                perMessage, requests.emptyReceives());
    }

    private CostLine sqs(String service, RunCounts run, RequestOrigin.Kind origin) {
        long standard = 0;
        long fifo = 0;
        for (RunCounts.QueueRequests requests : run.queueRequests()) {
            if (requests.origin() != origin) {
                continue;
            }
            if (requests.fifo()) {
                fifo += requests.billableUnits();
            } else {
                standard += requests.billableUnits();
            }
        }
        return sum(service, priced("", standard, "sqs.standard.requests"), priced("", fifo, "sqs.fifo.requests"));
    }

    private CostLine priced(String service, double quantity, String priceKey) {
        Optional<Double> perUnit = prices.perUnit(priceKey);
        if (perUnit.isEmpty()) {
            return new CostLine(service, 0, quantity > 0 ? Optional.of(priceKey) : Optional.empty());
        }
        return new CostLine(service, quantity * perUnit.get(), Optional.empty());
    }

    private static CostLine sum(String service, CostLine... parts) {
        double usd = 0;
        List<String> unpriced = new ArrayList<>();
        for (CostLine part : parts) {
            usd += part.usd();
            part.unpriced().ifPresent(unpriced::add);
        }
        return new CostLine(service, usd, unpriced.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", unpriced)));
    }
}
