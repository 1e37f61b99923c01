package dev.catalog.product;

import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.queue.MalformedMessageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The product worker's own decisions, on fakes of its transactions (the SQL is proven in ProductWorkerIT). */
class ProductWorkerHandlerTest {
    private static final String SAMPLE = "events/sqs-product-commands-batch.json";

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    @Test
    void countsEveryRedeliveredCommandAsADuplicateDeliveryOfItsType() {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        ProductWorkerHandler handler = new ProductWorkerHandler(new ProductCommandApplier(allSeenBefore(),
                new ProductMessages(Json.mapper()), Clock.systemUTC()), new OutboxAfterCommit(null, new OutboxRelay((topic, messages) -> Set.of())), metrics);

        handler.handleRequest(event, LocalContext.forTest("productWorker"));

        Map<String, Long> commandsByType = event.getRecords().stream().map(ProductWorkerHandlerTest::typeOf)
                .filter(type -> !type.isEmpty()).collect(Collectors.groupingBy(type -> type, Collectors.counting()));
        assertEquals(false, commandsByType.isEmpty(), "the sample holds commands");
        commandsByType.forEach((type, count) -> assertEquals(count.doubleValue(), metrics.total(Metric.DUPLICATE_DELIVERIES, type), type));
    }

    @Test
    void aCommandThatFailsIsNotADuplicate() {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        ProductWorkerHandler handler = new ProductWorkerHandler(new ProductCommandApplier(new ProductTransactions() {
            @Override
            public <T> T inTransaction(Function<ProductTransaction, T> work) {
                throw new IllegalStateException("connection refused");
            }
        }, new ProductMessages(Json.mapper()), Clock.systemUTC()), new OutboxAfterCommit(null, new OutboxRelay((topic, messages) -> Set.of())), metrics);

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("productWorker"));

        assertEquals(event.getRecords().size(), response.getBatchItemFailures().size());
        assertEquals(List.of(), metrics.values(Metric.DUPLICATE_DELIVERIES));
    }

    @Test
    void answersAnotherServicesSampleEventWithoutTouchingTheDatabase() throws Exception {
        ProductWorkerHandler handler = new ProductWorkerHandler(new ProductCommandApplier(new ProductTransactions() {
            @Override
            public <T> T inTransaction(Function<ProductTransaction, T> work) {
                throw new AssertionError("a foreign event must not reach a transaction");
            }
        }, new ProductMessages(Json.mapper()), Clock.systemUTC()), new OutboxAfterCommit(null, new OutboxRelay((topic, messages) -> {
            throw new AssertionError("a foreign event must not publish");
        })), metrics);
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("events/foreign"))) {
            samples = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(4, samples.size(), samples.toString());

        for (Path sample : samples) {
            SQSEvent event = EventLoader.loadSQSEvent(sample.toString());

            SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("productWorker"));

            // S3 and SNS samples have records (no message id, no body): the whole batch fails; the others have none to fail.
            int records = event.getRecords() == null ? 0 : event.getRecords().size();
            assertEquals(records, response.getBatchItemFailures().size(), sample.toString());
            response.getBatchItemFailures().forEach(failure -> assertEquals("", failure.getItemIdentifier(), sample.toString()));
        }
        assertEquals(List.of(), metrics.values(Metric.DUPLICATE_DELIVERIES));
    }

    /** Every command id is in processed_commands already: each delivery is a redelivery. */
    private static ProductTransactions allSeenBefore() {
        return new ProductTransactions() {
            @Override
            public <T> T inTransaction(Function<ProductTransaction, T> work) {
                return work.apply(new ProductTransaction((commandId, commandType) -> false, null, null));
            }
        };
    }

    private static String typeOf(SQSEvent.SQSMessage message) {
        try {
            return ProductCommandMessage.read(Json.mapper(), message).envelope().type();
        } catch (MalformedMessageException poison) {
            return "";
        }
    }
}
