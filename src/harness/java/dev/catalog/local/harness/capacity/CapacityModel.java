package dev.catalog.local.harness.capacity;

import dev.catalog.local.harness.capacity.MeasuredRequests.FunctionUse;
import dev.catalog.local.harness.capacity.MeasuredRequests.Requests;
import dev.catalog.local.harness.capacity.PackagedTemplate.EventSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Sets the packaged template against the default AWS quotas, with the per-command request counts
 * {@code make bench} measured: for every stage the load at a rate, the rate at which it saturates,
 * and what lifts it. The first stage to saturate binds.
 */
final class CapacityModel {
    /** Connections kept free for the admin, the migration and a failover's reconnects. */
    static final double CONNECTION_HEADROOM = 0.9;

    /**
     * One stage's load against its quota.
     *
     * @param perCommand what one command costs the stage, in the quota's unit
     * @param load at the rate asked about
     * @param saturatesAt commands a second at which the load reaches the quota
     */
    record Stage(String name, double perCommand, double load, double quota, String unit, String quotaKey, double saturatesAt,
                 String lift) {
        boolean bindsBelow(double rate) {
            return saturatesAt < rate;
        }
    }

    /** A hot product: one message group, serial in every FIFO stage. */
    record HotProduct(double commandsPerSecond, String boundBy, List<String> ceilings) {
    }

    private final PackagedTemplate template;
    private final QuotaTable quotas;
    private final MeasuredRequests measured;
    /** Each function's invocations scaled to the mix asked about (API functions by route). */
    private final Map<String, Double> functionScale = new LinkedHashMap<>();
    private final double bulkShare;

    /**
     * @param bulkShare the share of commands sent through the bulk route; empty for the benchmark's own
     */
    CapacityModel(PackagedTemplate template, QuotaTable quotas, MeasuredRequests measured, Optional<Double> bulkShare) {
        this.template = template;
        this.quotas = quotas;
        this.measured = measured;
        double measuredBulk = (double) measured.bulkCommands() / measured.commands();
        double bulk = bulkShare.orElse(measuredBulk);
        if (bulk < 0 || bulk > 1) {
            throw new IllegalArgumentException("the bulk share is between 0 and 1, not " + bulk);
        }
        this.bulkShare = bulk;
        if ((bulk > 0 && measured.bulkCommands() == 0) || (bulk < 1 && measured.singleRouteCommands() == 0)) {
            throw new IllegalArgumentException("the measured counts have no " + (bulk > 0 ? "bulk" : "single-route")
                    + " requests to scale to that mix: run make bench with that route");
        }
        for (FunctionUse function : measured.functions()) {
            double scale = switch (function.route()) {
                case "bulk" -> bulk / measuredBulk;
                case "single" -> (1 - bulk) / (1 - measuredBulk);
                default -> 1;
            };
            functionScale.put(function.name(), scale);
        }
    }

    double bulkShare() {
        return bulkShare;
    }

    List<Stage> stages(String region, double rate) {
        List<Stage> stages = new ArrayList<>();
        double apiRequests = perCommand(function -> function.trigger().equals("httpApi"), FunctionUse::invocations);
        stages.add(stage("API Gateway HTTP API (account)", apiRequests, rate, quotas.quota("apigateway.account.rps"), region, "requests/s"));
        double concurrency = secondsPerCommand(function -> true);
        stages.add(stage("Lambda concurrency (account, all functions)", concurrency, rate, quotas.quota("lambda.account.concurrency"),
                region, "concurrent"));
        topics(region, rate, stages);
        queues(region, rate, stages);
        eventSources(region, rate, stages);
        database(region, rate, stages);
        for (String table : template.tables()) {
            double writeUnits = requestsPerCommand(row -> row.service().equals("DynamoDb") && row.target().equals(table), Requests::writeUnits);
            if (writeUnits > 0) {
                stages.add(stage("DynamoDB table " + table, writeUnits, rate, quotas.quota("dynamodb.ondemand.table.writeUnitsPerSecond"),
                        region, "WRU/s"));
            }
        }
        double journalPuts = requestsPerCommand(row -> row.service().equals("S3") && row.operation().equals("PutObject")
                && "journalWriter".equals(row.function()), row -> (double) row.requests());
        if (journalPuts > 0) {
            stages.add(stage("S3 journal/ prefix (one a day)", journalPuts, rate, quotas.quota("s3.prefix.putPerSecond"), region, "PUT/s"));
        }
        return stages;
    }

    /** The stage that saturates first. */
    static Stage binding(List<Stage> stages) {
        return stages.stream().min(Comparator.comparingDouble(Stage::saturatesAt)).orElseThrow();
    }

    private void topics(String region, double rate, List<Stage> stages) {
        double highThroughputMessages = 0;
        List<String> highThroughputTopics = new ArrayList<>();
        double standardMessages = 0;
        for (PackagedTemplate.Topic topic : template.topics()) {
            double messages = requestsPerCommand(row -> row.service().equals("Sns") && row.target().equals(topic.name())
                    && row.operation().startsWith("Publish"), row -> (double) row.entries());
            if (!topic.fifo()) {
                standardMessages += messages;
            } else if (topic.highThroughput()) {
                highThroughputMessages += messages;
                highThroughputTopics.add(topic.name());
            } else if (messages > 0) {
                stages.add(stage("SNS FIFO topic " + topic.name() + " (Topic scope)", messages, rate,
                        quotas.quota("sns.fifo.topic.messagesPerSecond"), region, "messages/s"));
            }
        }
        if (highThroughputMessages > 0) {
            stages.add(stage("SNS FIFO high-throughput, Region (" + String.join(", ", highThroughputTopics) + ")", highThroughputMessages,
                    rate, quotas.quota("sns.fifo.highThroughput.messagesPerSecond"), region, "messages/s"));
        }
        if (standardMessages > 0) {
            stages.add(stage("SNS standard topics, Region", standardMessages, rate, quotas.quota("sns.standard.publishPerSecond"),
                    region, "messages/s"));
        }
    }

    /** A FIFO queue's busiest action: SNS's sends (one a message), the pollers' receives or their deletes. */
    private void queues(String region, double rate, List<Stage> stages) {
        for (PackagedTemplate.Queue queue : template.queues()) {
            if (!queue.fifo()) {
                continue;
            }
            Predicate<Requests> onQueue = row -> row.service().equals("Sqs") && row.target().equals(queue.name());
            double sends = requestsPerCommand(onQueue.and(row -> row.operation().startsWith("SendMessage")), row -> (double) row.entries());
            double receives = requestsPerCommand(onQueue.and(row -> row.operation().equals("ReceiveMessage")),
                    row -> (double) (row.requests() - row.emptyReceives()));
            double deletes = requestsPerCommand(onQueue.and(row -> row.operation().startsWith("DeleteMessage")), row -> (double) row.requests());
            double busiest = Math.max(sends, Math.max(receives, deletes));
            if (busiest == 0) {
                continue;
            }
            QuotaTable.Quota quota = quotas.quota(queue.highThroughput() ? "sqs.fifo.highThroughput.transactionsPerSecond"
                    : "sqs.fifo.transactionsPerSecond");
            stages.add(stage("SQS FIFO " + queue.name() + (queue.highThroughput() ? " (high throughput)" : " (default mode)"), busiest,
                    rate, quota, region, "calls/s per action"));
        }
    }

    /**
     * The concurrency an event source needs (invocations/s x seconds each) against what it may
     * have: maximumConcurrency when set, otherwise a standard queue's 1,000 batches (a FIFO queue's
     * active message groups are taken to be more than it needs).
     */
    private void eventSources(String region, double rate, List<Stage> stages) {
        for (EventSource source : template.eventSources()) {
            double seconds = secondsPerCommand(function -> function.name().equals(source.function()));
            if (seconds == 0) {
                continue;
            }
            boolean fifo = template.queue(source.queueName()).map(PackagedTemplate.Queue::fifo).orElse(false);
            double limit;
            String quotaKey;
            String lift;
            if (source.maximumConcurrency().isPresent()) {
                limit = source.maximumConcurrency().getAsInt();
                quotaKey = "maximumConcurrency (template)";
                lift = "a higher maximumConcurrency on " + source.function() + "'s sqs event (at most "
                        + (int) quotas.quota("lambda.sqs.maximumConcurrency.max").in(region) + ")";
            } else if (fifo) {
                continue;
            } else {
                QuotaTable.Quota quota = quotas.quota("lambda.sqs.standard.maxConcurrentBatches");
                limit = quota.in(region);
                quotaKey = quota.key();
                lift = quota.raise();
            }
            stages.add(new Stage("event source " + source.queueName() + " -> " + source.function(), seconds, seconds * rate, limit,
                    "concurrent", quotaKey, limit / seconds, lift));
        }
    }

    private void database(String region, double rate, List<Stage> stages) {
        if (template.database().isEmpty()) {
            return;
        }
        PackagedTemplate.Database database = template.database().get();
        double connectionsPerCommand = secondsPerCommand(function -> template.function(function.name())
                .map(PackagedTemplate.Function::usesDatabase).orElse(false));
        double maxConnections = maxConnections(database, region);
        stages.add(new Stage("Aurora connections (MaxCapacity " + format(database.maxCapacity()) + " ACU)", connectionsPerCommand,
                connectionsPerCommand * rate, maxConnections, "connections", "aurora.postgresql.bytesPerConnection",
                connectionsPerCommand == 0 ? Double.POSITIVE_INFINITY : maxConnections / connectionsPerCommand,
                "a higher MaxCapacity (more memory, more connections; cap 5,000), or RDS Proxy"));
        double acuPerCommand = AuroraCapacity.acuAt(measured.postgresCpuSeconds() / measured.commands(), 1);
        if (acuPerCommand > 0) {
            stages.add(new Stage("Aurora capacity (ACU)", acuPerCommand, acuPerCommand * rate, database.maxCapacity(), "ACU",
                    "MaxCapacity (template)", database.maxCapacity() / acuPerCommand,
                    "a higher MaxCapacity in handlers/database.yml (at most " + (int) quotas.quota("aurora.serverlessV2.maxAcu").in(region)
                            + " ACU)"));
        }
    }

    /** max_connections at MaxCapacity: the Aurora PostgreSQL formula on 2 GiB an ACU, capped by default and by a low minimum. */
    double maxConnections(PackagedTemplate.Database database, String region) {
        double memory = database.maxCapacity() * quotas.quota("aurora.serverlessV2.gibPerAcu").in(region) * 1024 * 1024 * 1024;
        double connections = Math.min(memory / quotas.quota("aurora.postgresql.bytesPerConnection").in(region),
                quotas.quota("aurora.postgresql.maxConnectionsCap").in(region));
        if (database.minCapacity() <= 0.5) {
            connections = Math.min(connections, quotas.quota("aurora.serverlessV2.lowMinimumConnectionsCap").in(region));
        }
        return Math.floor(connections);
    }

    /** The connections the Aurora workers may open at once: the sum of their maximumConcurrency (unbounded ones count the account's concurrency). */
    double configuredDatabaseConcurrency(String region) {
        double account = quotas.quota("lambda.account.concurrency").in(region);
        double total = 0;
        for (PackagedTemplate.Function function : template.functions()) {
            if (!function.usesDatabase()) {
                continue;
            }
            List<EventSource> sources = template.eventSources().stream().filter(source -> source.function().equals(function.name())).toList();
            total += sources.isEmpty() ? 1 : sources.stream()
                    .mapToDouble(source -> source.maximumConcurrency().isPresent() ? source.maximumConcurrency().getAsInt() : account).sum();
        }
        return total;
    }

    double connectionBudget(String region) {
        return Math.floor(template.database().map(database -> maxConnections(database, region)).orElse(0.0) * CONNECTION_HEADROOM);
    }

    /**
     * One product's commands are one message group: each FIFO stage takes its next batch of that
     * group only when the last one is done, so a batch size every invocation's duration is its
     * ceiling; SNS allows a group 300 messages a second, and the product's view is one DynamoDB key.
     */
    HotProduct hotProduct(String region) {
        Map<String, Double> ceilings = new LinkedHashMap<>();
        for (EventSource source : template.eventSources()) {
            boolean fifo = template.queue(source.queueName()).map(PackagedTemplate.Queue::fifo).orElse(false);
            Optional<FunctionUse> use = measured.functions().stream().filter(function -> function.name().equals(source.function())).findFirst();
            if (!fifo || use.isEmpty() || use.get().invocations() == 0) {
                continue;
            }
            double secondsPerInvocation = use.get().seconds() / use.get().invocations();
            ceilings.put(source.function() + " (" + source.batchSize() + " a batch, " + format(secondsPerInvocation * 1000)
                    + " ms each)", source.batchSize() / secondsPerInvocation);
        }
        ceilings.put("SNS FIFO message group", quotas.quota("sns.fifo.messageGroup.messagesPerSecond").in(region));
        for (String table : template.tables()) {
            double writeUnits = requestsPerCommand(row -> row.service().equals("DynamoDb") && row.target().equals(table)
                    && table.endsWith("product-views"), Requests::writeUnits);
            if (writeUnits > 0) {
                ceilings.put("DynamoDB partition of " + table, quotas.quota("dynamodb.partition.writeUnitsPerSecond").in(region) / writeUnits);
            }
        }
        Map.Entry<String, Double> lowest = ceilings.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        List<String> lines = ceilings.entrySet().stream().map(entry -> entry.getKey() + ": " + format(entry.getValue()) + " commands/s").toList();
        return new HotProduct(lowest.getValue(), lowest.getKey(), lines);
    }

    private Stage stage(String name, double perCommand, double rate, QuotaTable.Quota quota, String region, String unit) {
        double limit = quota.in(region);
        return new Stage(name, perCommand, perCommand * rate, limit, unit, quota.key(),
                perCommand == 0 ? Double.POSITIVE_INFINITY : limit / perCommand, quota.raise());
    }

    /**
     * Busy seconds per command, so concurrency per command a second (Little's law). An SQS-triggered
     * function is taken at full batches: far above the benchmark's rate its event source fills every
     * batch (the journal's 500 behind its window), each taking as long as a measured one did.
     */
    private double secondsPerCommand(Predicate<FunctionUse> which) {
        double total = 0;
        for (FunctionUse function : measured.functions()) {
            if (!which.test(function)) {
                continue;
            }
            double scale = functionScale.getOrDefault(function.name(), 1.0);
            double seconds = function.seconds() * scale / measured.commands();
            Optional<EventSource> source = template.eventSources().stream().filter(event -> event.function().equals(function.name())).findFirst();
            if (function.trigger().equals("sqs") && source.isPresent() && function.invocations() > 0 && function.records() > 0) {
                double fullBatches = (double) function.records() / measured.commands() / source.get().batchSize();
                seconds = Math.min(seconds, function.seconds() / function.invocations() * fullBatches);
            }
            total += seconds;
        }
        return total;
    }

    private double perCommand(Predicate<FunctionUse> which, java.util.function.ToDoubleFunction<FunctionUse> quantity) {
        return measured.functions().stream().filter(which)
                .mapToDouble(function -> quantity.applyAsDouble(function) * functionScale.getOrDefault(function.name(), 1.0)).sum()
                / measured.commands();
    }

    private double requestsPerCommand(Predicate<Requests> which, java.util.function.ToDoubleFunction<Requests> quantity) {
        return measured.requests().stream().filter(which)
                .mapToDouble(row -> quantity.applyAsDouble(row) * (row.function() == null ? 1.0 : functionScale.getOrDefault(row.function(), 1.0)))
                .sum() / measured.commands();
    }

    static String format(double value) {
        if (Double.isInfinite(value)) {
            return "unbounded";
        }
        return value >= 100 ? String.format("%,.0f", value) : value >= 1 ? String.format("%,.1f", value) : String.format("%.3g", value);
    }
}
