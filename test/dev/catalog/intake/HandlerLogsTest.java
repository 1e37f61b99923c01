package dev.catalog.intake;

import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.schema.AdminCredentials;
import dev.catalog.schema.DatabaseSchemaHandler;
import dev.catalog.schema.SchemaMigrationFailed;
import dev.catalog.attachment.Attachment;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.attachment.AttachmentRules;
import dev.catalog.attachment.AttachmentStore;
import dev.catalog.attachment.AttachmentWorkerHandler;
import dev.catalog.attachment.DeleteAttachmentHandler;
import dev.catalog.attachment.GetAttachmentHandler;
import dev.catalog.attachment.RequestUploadHandler;
import dev.catalog.attachment.UploadProcessorHandler;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.command.status.CommandStatusWriterHandler;
import dev.catalog.command.status.CommandStatuses;
import dev.catalog.imports.ImportProcessorHandler;
import dev.catalog.imports.RequestImportHandler;
import dev.catalog.internal.Json;
import dev.catalog.journal.JournalWriterHandler;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.Outbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxSweeperHandler;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import dev.catalog.product.ProductCommandApplier;
import dev.catalog.product.ProductMessages;
import dev.catalog.product.ProductTransactions;
import dev.catalog.product.ProductWorkerHandler;
import dev.catalog.projection.GetProductHandler;
import dev.catalog.projection.ListProductsHandler;
import dev.catalog.projection.ProductPage;
import dev.catalog.projection.ProductView;
import dev.catalog.projection.ProductViews;
import dev.catalog.projection.ProjectorHandler;
import dev.catalog.testsupport.RecordingLogger;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function, on its sample event from events/ (every line of events/samples.properties), logs
 * JSON lines with the function and request id, and never a payload value (product names,
 * descriptions, file names, error messages) nor the caller's token — on failure paths too: the
 * workers run with their database down.
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

    private static final UUID SAMPLE_PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    /** The read routes have nothing to say on success; every other function logs. */
    private static final Set<String> SILENT_ON_SUCCESS = Set.of("getCommand", "getProduct", "listProducts", "getAttachment");

    private final RecordingLogger logger = new RecordingLogger();

    /** The migration function's admin password, as its fake secret holds it. */
    private static final String ADMIN_PASSWORD = "admin-password-from-the-managed-secret";

    /** events/samples.properties: one sample per function of serverless.yml (SampleEventsContractTest checks that). */
    static Stream<Arguments> everySample() throws Exception {
        Properties samples = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("events/samples.properties"))) {
            samples.load(reader);
        }
        return samples.stringPropertyNames().stream().sorted().map(function -> Arguments.of(function, samples.getProperty(function)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySample")
    void everyFunctionLogsIdsButNeitherPayloadsNorTokensOnItsSample(String function, String sample) {
        Consumer<LocalContext> invocation = invocationOf(function, sample);
        List<String> secrets = new ArrayList<>(secretsOf(sample));
        secrets.add(ADMIN_PASSWORD);

        run(function, sample, secrets, invocation);
    }

    /** The function's handler built on fakes, given its sample; a function without one here fails the test. */
    private Consumer<LocalContext> invocationOf(String function, String sample) {
        CommandIntake intake = new CommandIntake(new CommandAcceptance(new InMemoryCommandStore(), new RecordingCommandPublisher(),
                Clock.systemUTC()), UUID::randomUUID);
        return switch (function) {
            case "createProduct" -> api(sample, new CreateProductHandler(intake));
            case "updateProduct" -> api(sample, new UpdateProductHandler(intake));
            case "deleteProduct" -> api(sample, new DeleteProductHandler(intake));
            case "submitCommands" -> api(sample, new SubmitCommandsHandler(intake));
            case "getCommand" -> api(sample, new GetCommandHandler(new InMemoryCommandStore()));
            case "getProduct" -> api(sample, new GetProductHandler(new StaleViews()));
            case "listProducts" -> api(sample, new ListProductsHandler(new StaleViews()));
            case "requestAttachmentUpload" -> api(sample, new RequestUploadHandler(new AttachmentRules(Set.of("application/pdf"), 10_000_000),
                    new StaleViews(), new FixedUrls(), UUID::randomUUID));
            case "getAttachment" -> api(sample, new GetAttachmentHandler(NO_ATTACHMENTS_STORED, new FixedUrls(), Clock.systemUTC()));
            case "deleteAttachment" -> api(sample, new DeleteAttachmentHandler(intake));
            case "requestImport" -> api(sample, new RequestImportHandler(new FixedUrls(), new InMemoryCommandStore(), UUID::randomUUID,
                    Clock.systemUTC()));
            case "productWorker" -> sqs(sample, new ProductWorkerHandler(new ProductCommandApplier(DATABASE_DOWN, new ProductMessages(Json.mapper()),
                    Clock.systemUTC()), new OutboxAfterCommit(null, new OutboxRelay((topic, messages) -> Set.of())), Metrics.none()));
            case "projector" -> sqs(sample, new ProjectorHandler(new StaleViews(), NO_ATTACHMENTS, Metrics.none()));
            case "commandStatusWriter" -> sqs(sample, new CommandStatusWriterHandler(
                    batch -> batch.stream().map(reply -> CommandStatuses.Completion.of(CommandStatuses.CompletionOutcome.COMPLETED)).toList(),
                    Metrics.none()));
            case "journalWriter" -> sqs(sample, new JournalWriterHandler(batch -> { }));
            case "attachmentWorker" -> sqs(sample, new AttachmentWorkerHandler(new GoneObjects(), new DownStore(), new OutboxAfterCommit(null, null), Clock.systemUTC()));
            case "uploadProcessor" -> sqs(sample, new UploadProcessorHandler(new AttachmentRules(Set.of("application/pdf"), 10_000_000),
                    new GoneObjects(), new DownStore(), null, Clock.systemUTC(), Metrics.none()));
            case "importProcessor" -> sqs(sample, new ImportProcessorHandler(new GoneObjects(), null, reply -> { }, (key, report) -> { }, "supplier-drop", new dev.catalog.intake.InMemoryCommandStore(),
                    Clock.systemUTC(), Metrics.none()));
            case "outboxSweeper" -> {
                ScheduledEvent event = EventLoader.loadScheduledEvent(sample);
                // One row left behind, and the topic refuses it: the sweeper says so.
                PendingOutboxMessage row = new PendingOutboxMessage(1, new OutboxMessage(dev.catalog.outbox.OutboxTopic.REPLIES, null,
                        UUID.randomUUID().toString(), Map.of(), "{\"message\":\"Walnut desk\"}"));
                Outbox outbox = new Outbox() {
                    @Override
                    public PendingOutboxMessage append(OutboxMessage message) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public List<PendingOutboxMessage> lockUnpublished(Duration olderThan, int limit) {
                        return List.of(row);
                    }

                    @Override
                    public void markPublished(java.util.Collection<Long> ids) {
                    }
                };
                yield context -> new OutboxSweeperHandler(new OutboxTransactions() {
                    @Override
                    public <T> T inTransaction(Function<Outbox, T> work) {
                        return work.apply(outbox);
                    }
                }, new OutboxRelay((topic, messages) -> Set.of()), Duration.ofSeconds(30)).handleRequest(event, context);
            }
            case "migrateDatabase" -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = EventLoader.loadEvent(sample, Map.class);
                // The admin secret is read, the migration fails: the answer and the log must name neither the password nor the URL.
                DatabaseSchemaHandler handler = new DatabaseSchemaHandler(arn -> new AdminCredentials("catalog_admin", ADMIN_PASSWORD),
                        (target, admin) -> {
                            throw new SchemaMigrationFailed("V2__views.sql: relation \"products\" does not exist", null);
                        }, (url, response) -> { });
                yield context -> handler.handleRequest(event, context);
            }
            default -> throw new AssertionError(function + " has a sample but no case in HandlerLogsTest");
        };
    }

    private static Consumer<LocalContext> api(String sample, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample);
        return context -> handler.handleRequest(event, context);
    }

    private static Consumer<LocalContext> sqs(String sample, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        SQSEvent event = EventLoader.loadSQSEvent(sample);
        return context -> handler.handleRequest(event, context);
    }

    /** Payload values of the sample (names, descriptions, file names, messages) and its bearer token, if any. */
    private static List<String> secretsOf(String sample) {
        JsonNode event = readJson(readFile(sample));
        List<String> secrets = new ArrayList<>();
        if (event.has("ResponseURL")) {
            // A presigned URL: whoever holds it can answer CloudFormation for the resource.
            secrets.add(event.get("ResponseURL").asText());
        }
        if (event.has("Records")) {
            event.get("Records").forEach(record -> secrets.addAll(payloadValues(record.path("body").asText())));
        } else {
            secrets.addAll(payloadValues(event.path("body").asText("{}")));
            event.path("headers").fields().forEachRemaining(header -> {
                if (header.getKey().equalsIgnoreCase("authorization")) {
                    secrets.add(header.getValue().asText().replaceFirst("(?i)^bearer ", ""));
                }
            });
        }
        return secrets;
    }

    private static String readFile(String sample) {
        try {
            return Files.readString(Path.of(sample));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void run(String function, String sample, List<String> secrets, Consumer<LocalContext> invocation) {
        int before = logger.lines().size();
        String requestId = UUID.randomUUID().toString();
        try {
            invocation.accept(new LocalContext(requestId, "function-under-test", 1024, Instant.now().plusSeconds(60), Clock.systemUTC(),
                    logger));
        } catch (RuntimeException failedInvocation) {
            // A failed invocation is fine here: only what it logged is checked.
        }
        List<String> lines = logger.lines().subList(before, logger.lines().size());
        assertTrue(SILENT_ON_SUCCESS.contains(function) || !lines.isEmpty(), sample + " logged nothing");
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

    private static void collect(JsonNode node, List<String> values) {
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() && field.getKey().equals("Message")) {
                collect(readJson(value.asText()), values);
            } else if (value.isTextual() && List.of("name", "description", "message", "fileName").contains(field.getKey()) && value.asText().length() > 3) {
                values.add(value.asText());
            }
            collect(value, values);
        });
        node.elements().forEachRemaining(element -> collect(element, values));
    }

    private static JsonNode readJson(String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            return node == null ? Json.mapper().createObjectNode() : node;
        } catch (Exception e) {
            return Json.mapper().createObjectNode(); // a poison sample body is not JSON
        }
    }

    /** Every event is old news (the projector counts each as stale on its batch line); every product exists. */
    private static final class StaleViews implements ProductViews {
        @Override
        public PutOutcome putIfNewer(ProductView view) {
            return PutOutcome.STALE;
        }

        @Override
        public Optional<ProductView> get(UUID productId) {
            return Optional.of(new ProductView(productId, "Walnut desk", "Solid walnut", 4, false, Instant.EPOCH, Instant.EPOCH));
        }

        @Override
        public ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<dev.catalog.projection.PageCursor> after) {
            return new ProductPage(List.of(), Optional.empty());
        }
    }

    private static final dev.catalog.projection.AttachmentViews NO_ATTACHMENTS_STORED = new dev.catalog.projection.AttachmentViews() {
        @Override
        public dev.catalog.projection.ProductViews.PutOutcome putIfNewer(dev.catalog.projection.AttachmentView attachment) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<dev.catalog.projection.AttachmentView> get(UUID productId, UUID attachmentId) {
            return Optional.empty();
        }
    };

    private static final ProductTransactions DATABASE_DOWN = new ProductTransactions() {
        @Override
        public <T> T inTransaction(Function<ProductTransaction, T> work) {
            throw new IllegalStateException("connection refused");
        }
    };

    private static final class FixedUrls implements UploadUrls {
        @Override
        public PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
                Duration validFor) {
            return new PresignedUpload(URI.create("https://bucket.example/" + key), Map.of(), Instant.now().plus(validFor));
        }

        @Override
        public URI presignGet(String key, Duration validFor) {
            return URI.create("https://bucket.example/" + key);
        }
    }

    /** Every object is gone already: the processors log that and stop. */
    private static final class GoneObjects implements AttachmentObjects {
        @Override
        public Optional<StoredObject> open(String key) {
            return Optional.empty();
        }

        @Override
        public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String key) {
        }
    }

    /** Aurora is down for writes; nothing was recorded before. */
    private static final class DownStore implements AttachmentStore {
        @Override
        public boolean exists(UUID attachmentId) {
            return false;
        }

        @Override
        public boolean productIsLive(UUID productId) {
            return true;
        }

        @Override
        public Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages,
                Runnable beforeRecording) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, Instant now,
                Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound) {
            throw new IllegalStateException("connection refused");
        }
    }
}
