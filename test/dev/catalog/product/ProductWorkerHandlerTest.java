package dev.catalog.product;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.internal.Json;
import dev.catalog.local.lambda.LocalContext;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.queue.MalformedMessageException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The product worker's own decisions, on fakes of its transactions (the SQL is proven in ProductWorkerIT). */
class ProductWorkerHandlerTest {
    private static final String SAMPLE = "events/sqs-product-commands-batch.json";

    private final InMemoryMetrics metrics = new InMemoryMetrics();

    @Test
    void countsEveryRedeliveredCommandAsADuplicateDeliveryOfItsType() {
        SQSEvent event = EventLoader.loadSQSEvent(SAMPLE);
        ProductWorkerHandler handler = new ProductWorkerHandler(new ProductCommandApplier(allSeenBefore(),
                new ProductMessages(Json.mapper()), Clock.systemUTC()), null, new OutboxRelay((topic, messages) -> Set.of()), metrics);

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
        }, new ProductMessages(Json.mapper()), Clock.systemUTC()), null, new OutboxRelay((topic, messages) -> Set.of()), metrics);

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("productWorker"));

        assertEquals(event.getRecords().size(), response.getBatchItemFailures().size());
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
