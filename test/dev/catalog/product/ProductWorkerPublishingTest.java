package dev.catalog.product;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.Outbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.OutboxPublisher;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTopic;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the product worker publishes after its transactions commit, on in-memory stores: every
 * committed event and reply of the batch goes out and is marked; what does not go out stays for the
 * sweeper, and no message of the batch fails for it (the effect is committed).
 */
class ProductWorkerPublishingTest {
    private static final String SAMPLE = "events/sqs-product-commands-batch.json";

    private final Set<UUID> processed = new HashSet<>();
    private final Map<UUID, Product> products = new HashMap<>();
    private final List<PendingOutboxMessage> appended = new ArrayList<>();
    private final Set<Long> marked = new TreeSet<>();
    private final List<Long> published = new ArrayList<>();
    private final List<Integer> relayTransactions = new ArrayList<>();
    private final RecordingLogger logs = new RecordingLogger();
    /** A product whose row the database refuses to lock, as when the connection drops mid-batch. */
    private UUID unreachableProduct;

    @Test
    void publishesEveryCommittedEventAndReplyOfTheBatchOnceAndMarksThem() {
        SQSBatchResponse response = handler(acceptEverything(), outboxTransactions()).handleRequest(sample(), context());

        assertEquals(List.of(), response.getBatchItemFailures());
        // Three creates or changes of live products and a delete: an event and a reply each; the update of an unknown product: a reply.
        assertEquals(9, appended.size());
        assertEquals(4, appended.stream().filter(row -> row.message().topic() == OutboxTopic.EVENTS).count());
        assertEquals(ids(appended), new TreeSet<>(published));
        assertEquals(appended.size(), published.size(), "each row once");
        assertEquals(ids(appended), marked);
        assertEquals(List.of(1), relayTransactions, "one relay for the whole batch");
    }

    @Test
    void rowsATopicRefusesStayUnmarkedForTheSweeperAndNoMessageFails() {
        OutboxPublisher repliesRefused = (topic, rows) -> {
            rows.forEach(row -> published.add(row.id()));
            return topic == OutboxTopic.REPLIES ? Set.of() : rows.stream().map(PendingOutboxMessage::id).collect(Collectors.toSet());
        };

        SQSBatchResponse response = handler(repliesRefused, outboxTransactions()).handleRequest(sample(), context());

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(ids(appended.stream().filter(row -> row.message().topic() == OutboxTopic.EVENTS).toList()), marked);
    }

    @Test
    void aRelayThatCannotRunLeavesEverythingForTheSweeperAndNoMessageFails() {
        OutboxTransactions databaseGone = new OutboxTransactions() {
            @Override
            public <T> T inTransaction(Function<Outbox, T> work) {
                throw new IllegalStateException("connection refused");
            }
        };

        SQSBatchResponse response = handler(acceptEverything(), databaseGone).handleRequest(sample(), context());

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(9, appended.size(), "the commands were applied");
        assertEquals(Set.of(), marked);
        assertEquals(List.of(), published);
    }

    @Test
    void aBatchOfRedeliveriesCommitsNothingAndOpensNoRelay() {
        ProductWorkerHandler handler = handler(acceptEverything(), outboxTransactions());
        handler.handleRequest(sample(), context());
        appended.clear();
        published.clear();
        relayTransactions.clear();

        SQSBatchResponse again = handler.handleRequest(sample(), context());

        assertEquals(List.of(), again.getBatchItemFailures());
        assertEquals(List.of(), appended);
        assertEquals(List.of(), published);
        assertEquals(List.of(), relayTransactions);
    }

    @Test
    void theBatchsProductsEndAsItsCommandsLeaveThem() {
        handler(acceptEverything(), outboxTransactions()).handleRequest(sample(), context());

        Product first = products.get(UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c01"));
        assertEquals(3, first.version(), "created, updated, deleted");
        assertTrue(first.deleted());
        assertEquals(1, products.get(UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c02")).version());
        assertEquals(Optional.empty(), Optional.ofNullable(products.get(UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c03"))));
    }

    @Test
    void countsTheBatchsOutcomesOnOneLineAndLogsWhatTheRelayPublished() {
        handler(acceptEverything(), outboxTransactions()).handleRequest(sample(), context());

        // Success is one line per batch: outcomes and rejections counted, no line per command.
        JsonNode batch = onlyLine("product batch done");
        assertEquals(5, batch.get("received").asInt());
        assertEquals(0, batch.get("failed").asInt());
        assertEquals(4, batch.get("outcomes").get("SUCCEEDED").asInt(), batch.toString());
        assertEquals(1, batch.get("outcomes").get("FAILED").asInt(), batch.toString());
        assertEquals(1, batch.get("rejected").get("PRODUCT_NOT_FOUND").asInt(), batch.toString());
        assertEquals(List.of(), logLines().stream().filter(line -> line.has("commandId")).toList(), "a success is counted, not logged");
        JsonNode relayed = onlyLine("outbox relayed");
        assertEquals("INFO", relayed.get("level").asText());
        assertEquals(9, relayed.get("published").asInt());
        assertEquals(0, relayed.get("leftUnpublished").asInt());
        assertEquals(2, relayed.get("publishRequests").asInt(), "one PublishBatch per topic");
    }

    @Test
    void aRelayThatLeavesRowsBehindSaysHowManyAsAWarning() {
        OutboxPublisher repliesRefused = (topic, rows) -> topic == OutboxTopic.REPLIES ? Set.of()
                : rows.stream().map(PendingOutboxMessage::id).collect(Collectors.toSet());

        handler(repliesRefused, outboxTransactions()).handleRequest(sample(), context());

        JsonNode relayed = onlyLine("outbox relayed");
        assertEquals("WARN", relayed.get("level").asText());
        assertEquals(4, relayed.get("published").asInt());
        assertEquals(5, relayed.get("leftUnpublished").asInt());
        assertEquals(1, relayed.get("failures").size(), relayed.toString());
    }

    @Test
    void aRelayThatCannotRunIsLoggedWithTheRowsLeftForTheSweeper() {
        OutboxTransactions databaseGone = new OutboxTransactions() {
            @Override
            public <T> T inTransaction(Function<Outbox, T> work) {
                throw new IllegalStateException("connection refused");
            }
        };

        handler(acceptEverything(), databaseGone).handleRequest(sample(), context());

        JsonNode failed = onlyLine("outbox relay failed; left for the sweeper");
        assertEquals(9, failed.get("rows").asInt());
        assertEquals(IllegalStateException.class.getName(), failed.get("error").asText());
    }

    @Test
    void aCommandThatCannotBeAppliedHoldsBackTheRestOfItsGroupOnlyAndTheOthersStillPublish() {
        unreachableProduct = UUID.fromString("5c1e7a2b-1d3f-4a6b-8c9d-0e1f2a3b4c01");

        SQSBatchResponse response = handler(acceptEverything(), outboxTransactions()).handleRequest(sample(), context());

        assertEquals(List.of("a9c4e1f2-0001-4d3b-8e5f-6a7b8c9d0e01", "a9c4e1f2-0002-4d3b-8e5f-6a7b8c9d0e02",
                "a9c4e1f2-0004-4d3b-8e5f-6a7b8c9d0e04"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(2, logLines().stream().filter(line -> line.get("message").asText()
                .equals("skipped: an earlier message of its group failed")).count());
        JsonNode notApplied = onlyLine("message not processed; will be retried");
        assertEquals("a9c4e1f2-0001-4d3b-8e5f-6a7b8c9d0e01", notApplied.get("messageId").asText());
        assertEquals(IllegalStateException.class.getName(), notApplied.get("error").asText());
        // The other groups' create and failed update: an event and a reply, and a reply.
        assertEquals(3, published.size());
    }

    private List<JsonNode> logLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.lines()) {
            try {
                lines.add(Json.mapper().readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
        }
        return lines;
    }

    private JsonNode onlyLine(String message) {
        List<JsonNode> matching = logLines().stream().filter(line -> line.get("message").asText().equals(message)).toList();
        assertEquals(1, matching.size(), logs.lines().toString());
        JsonNode line = matching.get(0);
        assertEquals("productWorker", line.get("function").asText());
        assertTrue(line.hasNonNull("requestId"));
        return line;
    }

    private ProductWorkerHandler handler(OutboxPublisher publisher, OutboxTransactions outboxTransactions) {
        ProductTransactions transactions = new ProductTransactions() {
            @Override
            public <T> T inTransaction(Function<ProductTransaction, T> work) {
                return work.apply(new ProductTransaction((commandId, type) -> processed.add(commandId), store(), outbox()));
            }
        };
        return new ProductWorkerHandler(new ProductCommandApplier(transactions, new ProductMessages(Json.mapper()), Clock.systemUTC()),
                new OutboxAfterCommit(outboxTransactions, new OutboxRelay(publisher)), Metrics.none());
    }

    private OutboxPublisher acceptEverything() {
        return (topic, rows) -> {
            rows.forEach(row -> published.add(row.id()));
            return rows.stream().map(PendingOutboxMessage::id).collect(Collectors.toSet());
        };
    }

    private OutboxTransactions outboxTransactions() {
        return new OutboxTransactions() {
            @Override
            public <T> T inTransaction(Function<Outbox, T> work) {
                relayTransactions.add(1);
                return work.apply(outbox());
            }
        };
    }

    private ProductStore store() {
        return new ProductStore() {
            @Override
            public Optional<Product> findForUpdate(UUID productId) {
                if (productId.equals(unreachableProduct)) {
                    throw new IllegalStateException("connection reset");
                }
                return Optional.ofNullable(products.get(productId));
            }

            /** As the table's primary key: a second insert of an id fails. */
            @Override
            public void insert(Product product) {
                if (products.putIfAbsent(product.id(), product) != null) {
                    throw new IllegalStateException("duplicate key " + product.id());
                }
            }

            /** As an UPDATE: a product that is not there is not created. */
            @Override
            public void update(Product product) {
                if (products.replace(product.id(), product) == null) {
                    throw new IllegalStateException("no row " + product.id());
                }
            }
        };
    }

    private Outbox outbox() {
        return new Outbox() {
            @Override
            public PendingOutboxMessage append(OutboxMessage message) {
                PendingOutboxMessage row = new PendingOutboxMessage(appended.size() + 1L, message);
                appended.add(row);
                return row;
            }

            @Override
            public List<PendingOutboxMessage> lockUnpublished(Duration olderThan, int limit) {
                throw new UnsupportedOperationException("the worker never sweeps");
            }

            @Override
            public void markPublished(Collection<Long> ids) {
                marked.addAll(ids);
            }
        };
    }

    private static Set<Long> ids(List<PendingOutboxMessage> rows) {
        return rows.stream().map(PendingOutboxMessage::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static SQSEvent sample() {
        return EventLoader.loadSQSEvent(SAMPLE);
    }

    private LocalContext context() {
        return new LocalContext(UUID.randomUUID().toString(), "productWorker", 1024, Instant.now().plusSeconds(60), Clock.systemUTC(), logs);
    }
}
