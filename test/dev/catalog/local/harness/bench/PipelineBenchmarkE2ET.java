package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench} in small: 200 commands through the same code path, on a runtime booted from
 * serverless.yml. Checks correctness and that the counted requests add up; no timing is asserted.
 */
class PipelineBenchmarkE2ET {
    /** Rejections a command can end with by design; the plan is built so that none should happen. */
    private static final Set<String> BY_DESIGN = Set.of("VERSION_CONFLICT", "PRODUCT_NOT_FOUND", "PRODUCT_ALREADY_EXISTS", "VALIDATION");

    @Test
    void twoHundredCommandsCompleteEveryViewEqualsAuroraAndTheRequestsAddUp() throws Exception {
        // Then a paced phase: 20 commands a second for 5 s.
        PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(200, CommandPlan.DEFAULT_PRODUCTS, 4, 0.2, 0,
                PriceTable.DEFAULT_FILE, 5, 20);

        PipelineBenchmark.Report report = PipelineBenchmark.run(settings, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        long commands = report.load().accepted().size();
        assertTrue(report.load().notAccepted().isEmpty(), report.load().notAccepted().toString());
        assertEquals(200, commands);
        assertTrue(report.drained());
        assertEquals(0, report.missing(), report.statuses().toString());
        assertEquals(commands, report.succeeded() + report.failed());
        assertTrue(BY_DESIGN.containsAll(report.failureCodes().keySet()), report.failureCodes().toString());
        assertTrue(report.load().bulkRequests() > 0, "some commands went through the bulk route");
        assertEquals(20, report.views().products());
        assertTrue(report.views().allEqual(), report.views().differences().toString());

        RequestCounts requests = report.requests();
        assertEquals(commands, requests.requests(function("createProduct", "updateProduct", "deleteProduct").and(publishTo("commands")))
                + requests.entries(function("submitCommands").and(batchTo("commands"))), "every command published once");
        assertEquals(commands, requests.entries(function("productWorker").and(batchTo("replies"))), "one reply per command");
        assertEquals(report.succeeded(), requests.entries(function("productWorker").and(batchTo("events"))), "one event per success");
        assertEquals(commands, requests.entries(deliveriesTo("product-commands")), "the topic delivered every command to the worker's queue");
        assertEquals(commands, requests.entries(pollers("DeleteMessageBatch", "product-commands")), "the poller deleted every command");
        assertEquals(commands, requests.entries(function("commandStatusWriter").and(row -> row.is("DynamoDb", "BatchExecuteStatement"))),
                "one status statement per command");
        assertTrue(requests.requests(function("commandStatusWriter").and(row -> row.service().equals("DynamoDb"))) < commands,
                "the status writer batches its statements");
        assertEquals(0, requests.requests(function("commandStatusWriter").and(row -> row.is("DynamoDb", "UpdateItem"))));
        assertTrue(requests.entries(function("projector").and(row -> row.is("DynamoDb", "BatchExecuteStatement"))) > 0,
                "the projector batches its product events");
        assertTrue(text(report).contains("assumption: BatchExecuteStatement on catalog-dev-product-views: 3 WRU per write statement"),
                text(report));
        assertTrue(StageReport.callSeconds(requests, "commandStatusWriter") > 0, "the time spent in calls is measured");
        assertEquals(report.load().singleRequests() + report.load().bulkRequests(), report.usage().apiRequests());
        assertTrue(report.usage().writeUnits() >= 3 * commands, "a command, its status and its view are each written at least once");
        assertTrue(requests.rows().stream().filter(row -> row.origin().kind() == RequestOrigin.Kind.RUNTIME_HOUSEKEEPING)
                .noneMatch(row -> row.service().equals("Sns")), "SNS requests all come from functions");

        double total = report.cost().totalUsd();
        assertTrue(total > 0);
        assertTrue(report.naiveCost().totalUsd() > total, "the naive baseline costs more");
        String text = text(report);
        assertTrue(text.contains("views == Aurora: 20/20"), text);
        assertTrue(text.contains("limiting stage:"), text);

        PipelineBenchmark.PacedRun paced = report.paced().orElseThrow();
        assertEquals(100, paced.commands());
        assertEquals(100, paced.accepted());
        assertEquals(100, paced.completed(), "every paced command completed");
        assertTrue(paced.drained());
        assertEquals(100, paced.acceptNanos().count());
        long bulkCommands = paced.acceptNanos().count() - paced.singleRequestNanos().count();
        assertTrue(paced.bulkRequestNanos().count() > 0 && bulkCommands >= paced.bulkRequestNanos().count(),
                "a sample per bulk request, not per command: " + paced.bulkRequestNanos().count() + " for " + bulkCommands);
        assertTrue(text.contains("paced: accept latency by route, a sample per request"), text);
        // Unpaced, four clients would send these in well under a second; on the schedule the last is due ~3 s in.
        assertTrue(paced.achievedRate() < 40, "the clients kept to the offered rate: " + paced.achievedRate());
        assertTrue(text.contains("paced: 100 commands offered at 20/s"), text);
        assertTrue(report.correct());
    }

    private static String text(PipelineBenchmark.Report report) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PipelineBenchmark.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Predicate<RequestCounts.Row> function(String... names) {
        Set<String> functions = Set.of(names);
        return row -> row.origin().kind() == RequestOrigin.Kind.FUNCTION && functions.contains(row.origin().function());
    }

    private static Predicate<RequestCounts.Row> publishTo(String topic) {
        return row -> row.is("Sns", "Publish") && row.target().startsWith("catalog-dev-" + topic);
    }

    private static Predicate<RequestCounts.Row> batchTo(String topic) {
        return row -> row.is("Sns", "PublishBatch") && row.target().startsWith("catalog-dev-" + topic);
    }

    private static Predicate<RequestCounts.Row> deliveriesTo(String queue) {
        return row -> row.origin().kind() == RequestOrigin.Kind.SNS_DELIVERY && row.target().startsWith("catalog-dev-" + queue);
    }

    private static Predicate<RequestCounts.Row> pollers(String operation, String queue) {
        return row -> row.origin().kind() == RequestOrigin.Kind.EVENT_SOURCE_POLLER && row.operation().equals(operation)
                && row.target().startsWith("catalog-dev-" + queue);
    }
}
