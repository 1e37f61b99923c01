package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.harness.bench.RequestOrigin.Kind;
import dev.catalog.local.harness.bench.RunCounts.FunctionRun;
import dev.catalog.local.harness.bench.RunCounts.LogVolume;
import dev.catalog.local.harness.bench.RunCounts.QueueRequests;
import dev.catalog.local.harness.bench.RunCounts.TopicPublishes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pricing counted usage line by line, and the naive baseline derived from the same counts. */
class CostModelTest {

    static final String PRICES = """
            {"region": "us-east-1", "pricesAsOf": "2026-06", "prices": [
              {"key": "lambda.requests", "usd": 0.20, "per": 1000000},
              {"key": "lambda.duration.arm64", "usd": 0.00001, "per": 1},
              {"key": "lambda.duration.x86_64", "usd": 0.00002, "per": 1},
              {"key": "apigateway.http.requests", "usd": 1.00, "per": 1000000},
              {"key": "sns.standard.publish", "usd": 0.50, "per": 1000000},
              {"key": "sns.fifo.publish", "usd": 0.30, "per": 1000000},
              {"key": "sns.fifo.publish.payload", "usd": null, "per": 1},
              {"key": "sqs.standard.requests", "usd": 0.40, "per": 1000000},
              {"key": "sqs.fifo.requests", "usd": 0.50, "per": 1000000},
              {"key": "dynamodb.ondemand.write", "usd": 0.625, "per": 1000000},
              {"key": "dynamodb.ondemand.read", "usd": 0.125, "per": 1000000},
              {"key": "s3.standard.put", "usd": 0.005, "per": 1000},
              {"key": "s3.standard.get", "usd": 0.0004, "per": 1000},
              {"key": "cloudwatch.putmetricdata", "usd": 0.01, "per": 1000},
              {"key": "cloudwatch.logs.ingestion", "usd": 0.50, "per": 1}
            ]}
            """;
    static final double GB = 1024.0 * 1024 * 1024;

    /** A thousand commands: 800 through a product route, 200 in bulk; a worker on batches of ten. */
    static RunCounts thousandCommands() {
        return new RunCounts(1000,
                List.of(new FunctionRun("createProduct", "httpApi", 800, 0, 8, "arm64"),
                        new FunctionRun("submitCommands", "httpApi", 20, 0, 2, "arm64"),
                        new FunctionRun("productWorker", "sqs", 100, 1000, 20, "arm64")),
                List.of(new TopicPublishes("catalog-dev-commands.fifo", true, 800, 20, 200, 820, 1_000_000),
                        new TopicPublishes("catalog-dev-replies", false, 0, 100, 1000, 100, 500_000)),
                List.of(new QueueRequests(Kind.EVENT_SOURCE_POLLER, "ReceiveMessage", "catalog-dev-product-commands.fifo", true, 110, 1000, 110, 10),
                        new QueueRequests(Kind.EVENT_SOURCE_POLLER, "DeleteMessageBatch", "catalog-dev-product-commands.fifo", true, 100, 1000, 100, 0),
                        new QueueRequests(Kind.SNS_DELIVERY, "SendMessage", "catalog-dev-product-commands.fifo", true, 800, 800, 800, 0),
                        new QueueRequests(Kind.SNS_DELIVERY, "SendMessageBatch", "catalog-dev-product-commands.fifo", true, 20, 200, 20, 0),
                        new QueueRequests(Kind.SNS_DELIVERY, "SendMessageBatch", "catalog-dev-command-status", false, 100, 1000, 100, 0)),
                1000, 200, 100, 0, 2000, 0, new LogVolume(1000, 300_000, 1_000_000, 250));
    }

    private static CostModel.CostLine line(CostModel.Cost cost, String service) {
        return cost.lines().stream().filter(line -> line.service().startsWith(service)).findFirst().orElseThrow();
    }

    @Test
    void eachServiceIsItsQuantityTimesItsUnitPrice() {
        CostModel.Cost cost = new CostModel(PriceTable.parse(PRICES)).cost(thousandCommands());

        assertEquals(920 * 0.2e-6, line(cost, "Lambda requests").usd(), 1e-12);
        assertEquals(30 * 0.00001, line(cost, "Lambda duration").usd(), 1e-12);
        assertEquals(820 * 1e-6, line(cost, "API Gateway").usd(), 1e-12);
        assertEquals(100 * 0.5e-6 + 820 * 0.3e-6, line(cost, "SNS publishes").usd(), 1e-12);
        assertEquals(210 * 0.5e-6, line(cost, "SQS Lambda pollers").usd(), 1e-12);
        assertEquals(820 * 0.5e-6 + 100 * 0.4e-6, line(cost, "SQS SNS deliveries").usd(), 1e-12);
        assertEquals(1000 * 0.625e-6 + 200 * 0.125e-6, line(cost, "DynamoDB").usd(), 1e-12);
        assertEquals(100 * 5e-6, line(cost, "S3").usd(), 1e-12);
        assertEquals(0, line(cost, "CloudWatch PutMetricData").usd(), 1e-12);
        assertEquals(300_000 / GB * 0.5, line(cost, "CloudWatch Logs: EMF").usd(), 1e-12);
        assertEquals((1_000_000 + 250.0 * 920) / GB * 0.5, line(cost, "CloudWatch Logs: function").usd(), 1e-12);
    }

    @Test
    void theTotalIsTheSumOfTheLinesAndScalesToAMillionCommands() {
        CostModel.Cost cost = new CostModel(PriceTable.parse(PRICES)).cost(thousandCommands());

        double sum = cost.lines().stream().mapToDouble(CostModel.CostLine::usd).sum();
        assertEquals(sum, cost.totalUsd(), 1e-15);
        assertEquals(sum * 1000, cost.perMillionCommands(cost.totalUsd()), 1e-9);
    }

    @Test
    void aQuantityWithNoFigureIsNamedAndCountsAsNothing() {
        CostModel.Cost cost = new CostModel(PriceTable.parse(PRICES)).cost(thousandCommands());

        assertEquals(Optional.of("sns.fifo.publish.payload"), line(cost, "SNS publishes").unpriced());
        assertEquals(Optional.empty(), line(cost, "DynamoDB").unpriced());
    }

    @Test
    void theNaiveBaselinePublishesEveryBatchEntryOnItsOwn() {
        RunCounts naive = CostModel.naive(thousandCommands());

        TopicPublishes commands = naive.publishes().get(0);
        assertEquals(1000, commands.publishRequests());
        assertEquals(0, commands.batchRequests());
        assertEquals(1000, commands.billableUnits());
        assertEquals(1000, naive.publishes().get(1).billableUnits(), "1,000 replies published one by one");
    }

    @Test
    void theNaiveBaselineInvokesReceivesAndDeletesOncePerMessage() {
        RunCounts naive = CostModel.naive(thousandCommands());

        FunctionRun worker = naive.functions().get(2);
        assertEquals(1000, worker.invocations());
        assertEquals(20, worker.billedGbSeconds(), 1e-12, "the same work: compute stays as measured");
        assertEquals(800, naive.functions().get(0).invocations(), "API invocations do not change");
        QueueRequests receives = naive.queueRequests().get(0);
        assertEquals(1010, receives.requests(), "one receive per message, plus the empty receives measured");
        QueueRequests deletes = naive.queueRequests().get(1);
        assertEquals("DeleteMessage", deletes.operation());
        assertEquals(1000, deletes.requests());
        assertEquals(200, naive.queueRequests().get(3).requests(), "SNS delivers each published message with its own SendMessage");
        assertEquals(1000, naive.queueRequests().get(4).requests());
    }

    @Test
    void theNaiveBaselineSendsOnePutMetricDataPerMessageAndNoEmf() {
        RunCounts naive = CostModel.naive(thousandCommands());
        CostModel.Cost cost = new CostModel(PriceTable.parse(PRICES)).cost(naive);

        assertEquals(2000, naive.putMetricDataRequests());
        assertEquals(0, naive.logs().emfBytes());
        assertEquals(2000 * 1e-5, line(cost, "CloudWatch PutMetricData").usd(), 1e-12);
        assertEquals((1_000_000 + 250.0 * 1820) / GB * 0.5, line(cost, "CloudWatch Logs: function").usd(), 1e-12,
                "more invocations, more START/END/REPORT lines");
    }

    @Test
    void theNaiveBaselineCostsMoreThanTheBatchedRun() {
        CostModel model = new CostModel(PriceTable.parse(PRICES));

        assertTrue(model.cost(CostModel.naive(thousandCommands())).totalUsd() > model.cost(thousandCommands()).totalUsd());
    }

    @Test
    void theReportComparesTheTotalWithTheGoal() {
        CostModel model = new CostModel(PriceTable.parse(PRICES));
        PriceTable prices = PriceTable.parse(PRICES);

        CostModel.Cost naive = model.cost(CostModel.naive(thousandCommands()));

        List<String> lines = CostReport.lines(model.cost(thousandCommands()), Optional.of(naive), naive, prices);

        String total = lines.stream().filter(line -> line.trim().startsWith("total")).findFirst().orElseThrow();
        assertTrue(total.contains("goal <= $5.00"), total);
        assertTrue(total.endsWith("flat out PASS, paced MISS"), total);
        String withoutPaced = CostReport.lines(model.cost(thousandCommands()), Optional.empty(), naive, prices).stream()
                .filter(line -> line.trim().startsWith("total")).findFirst().orElseThrow();
        assertTrue(withoutPaced.endsWith("flat out PASS"), withoutPaced);
        assertTrue(lines.stream().anyMatch(line -> line.contains("not priced") && line.contains("sns.fifo.publish.payload")));
    }
}
