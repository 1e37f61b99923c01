package dev.catalog.command.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.command.status.CommandStatusWriterHandler;
import dev.catalog.command.status.CommandStatuses;
import dev.catalog.internal.Json;
import dev.catalog.journal.JournalWriterHandler;
import dev.catalog.local.lambda.LocalContext;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.product.ProductCommandApplier;
import dev.catalog.product.ProductMessages;
import dev.catalog.product.ProductTransactions;
import dev.catalog.product.ProductWorkerHandler;
import dev.catalog.projection.ProductPage;
import dev.catalog.projection.ProductView;
import dev.catalog.projection.ProductViews;
import dev.catalog.projection.ProjectorHandler;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every handler, on its sample event from events/, logs one JSON line per step with the function
 * and request id, and never a payload value (product names, descriptions, error messages) nor the
 * caller's token.
 */
class HandlerLogsTest {
    /** The samples carry product events only: attachment views must stay untouched. */
    private static final dev.catalog.projection.AttachmentViews NO_ATTACHMENTS = new dev.catalog.projection.AttachmentViews() {
        @Override
        public dev.catalog.projection.ProductViews.PutOutcome putIfNewer(dev.catalog.projection.AttachmentView attachment) {
            throw new AssertionError("attachment view written");
        }

        @Override
        public java.util.Optional<dev.catalog.projection.AttachmentView> get(java.util.UUID productId, java.util.UUID attachmentId) {
            throw new AssertionError("attachment view read");
        }
    };

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void commandRoutesLogIdsButNeitherPayloadsNorTokens() {
        CommandIntake intake = new CommandIntake(new CommandAcceptance(new InMemoryCommandStore(), new RecordingCommandPublisher(),
                Clock.systemUTC()), UUID::randomUUID);
        for (String sample : List.of(ApiEvents.CREATE, ApiEvents.UPDATE, ApiEvents.DELETE, ApiEvents.SUBMIT)) {
            APIGatewayV2HTTPEvent event = ApiEvents.load(sample);
            List<String> secrets = payloadValues(event.getBody());
            String authorization = event.getHeaders().entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase("authorization"))
                    .map(header -> header.getValue()).findFirst().orElseThrow(() -> new AssertionError(sample + " has no Authorization header"));
            secrets.add(authorization.replaceFirst("(?i)^bearer ", ""));
            run(sample, secrets, context -> {
                switch (sample) {
                    case ApiEvents.CREATE -> new CreateProductHandler(intake).handleRequest(event, context);
                    case ApiEvents.UPDATE -> new UpdateProductHandler(intake).handleRequest(event, context);
                    case ApiEvents.DELETE -> new DeleteProductHandler(intake).handleRequest(event, context);
                    default -> new SubmitCommandsHandler(intake).handleRequest(event, context);
                }
            });
        }
    }

    @Test
    void productWorkerLogsIdsButNoPayloadEvenWhenTheDatabaseFails() {
        ProductTransactions failing = new ProductTransactions() {
            @Override
            public <T> T inTransaction(Function<ProductTransaction, T> work) {
                throw new IllegalStateException("connection refused");
            }
        };
        ProductWorkerHandler handler = new ProductWorkerHandler(new ProductCommandApplier(failing, new ProductMessages(Json.mapper()),
                Clock.systemUTC()), null, new OutboxRelay((topic, messages) -> java.util.Set.of()));
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-product-commands-batch.json");

        run("events/sqs-product-commands-batch.json", bodiesPayloadValues(event), context -> handler.handleRequest(event, context));
    }

    @Test
    void queueWorkersLogIdsButNoPayload() {
        SQSEvent projections = EventLoader.loadSQSEvent("events/sqs-projections-batch.json");
        run("events/sqs-projections-batch.json", bodiesPayloadValues(projections),
                context -> new ProjectorHandler(new StaleViews(), NO_ATTACHMENTS).handleRequest(projections, context));

        SQSEvent replies = EventLoader.loadSQSEvent("events/sqs-command-status-batch.json");
        run("events/sqs-command-status-batch.json", bodiesPayloadValues(replies), context -> new CommandStatusWriterHandler(
                batch -> batch.stream().map(reply -> CommandStatuses.Completion.of(CommandStatuses.CompletionOutcome.COMPLETED)).toList())
                .handleRequest(replies, context));

        SQSEvent journal = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");
        run("events/sqs-journal-batch.json", bodiesPayloadValues(journal),
                context -> new JournalWriterHandler(batch -> { }).handleRequest(journal, context));
    }

    private void run(String sample, List<String> secrets, Consumer<LocalContext> invocation) {
        int before = logger.lines().size();
        String requestId = UUID.randomUUID().toString();
        invocation.accept(new LocalContext(requestId, "function-under-test", 1024, Instant.now().plusSeconds(60), Clock.systemUTC(), logger));
        List<String> lines = logger.lines().subList(before, logger.lines().size());
        assertFalse(lines.isEmpty(), sample + " logged nothing");
        assertFalse(secrets.isEmpty(), sample + " has no payload values to look for");
        for (String line : lines) {
            JsonNode json = readJson(line);
            assertTrue(json.path("function").asText().equals("function-under-test") && json.path("requestId").asText().equals(requestId),
                    sample + ": line without function and request id: " + line);
            for (String secret : secrets) {
                assertFalse(line.contains(secret), sample + ": log line contains payload value '" + secret + "': " + line);
            }
        }
    }

    /** Values of payload fields (names, descriptions, messages) anywhere in a JSON body, SNS envelopes opened. */
    private static List<String> payloadValues(String body) {
        List<String> values = new ArrayList<>();
        collect(readJson(body), values);
        return values;
    }

    private static List<String> bodiesPayloadValues(SQSEvent event) {
        List<String> values = new ArrayList<>();
        event.getRecords().forEach(message -> values.addAll(payloadValues(message.getBody())));
        return values;
    }

    private static void collect(JsonNode node, List<String> values) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() && field.getKey().equals("Message")) {
                collect(readJson(value.asText()), values);
            } else if (value.isTextual() && List.of("name", "description", "message").contains(field.getKey()) && value.asText().length() > 3) {
                values.add(value.asText());
            }
            collect(value, values);
        });
        node.elements().forEachRemaining(element -> collect(element, values));
    }

    private static JsonNode readJson(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            return Json.mapper().createObjectNode(); // a poison sample body is not JSON
        }
    }

    /** Every event is old news: the projector logs its "stale" line for each. */
    private static final class StaleViews implements ProductViews {
        @Override
        public PutOutcome putIfNewer(ProductView view) {
            return PutOutcome.STALE;
        }

        @Override
        public Optional<ProductView> get(UUID productId) {
            return Optional.empty();
        }

        @Override
        public ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<dev.catalog.projection.PageCursor> after) {
            throw new UnsupportedOperationException();
        }
    }
}
