package dev.catalog.intake;

import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.command.status.CommandStatusWriterHandler;
import dev.catalog.internal.Json;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.journal.JournalWriterHandler;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.product.ProductCommandApplier;
import dev.catalog.product.ProductMessages;
import dev.catalog.product.ProductTransactions;
import dev.catalog.product.ProductWorkerHandler;
import dev.catalog.projection.GetProductHandler;
import dev.catalog.projection.ProductPage;
import dev.catalog.projection.ProductView;
import dev.catalog.projection.ProductViews;
import dev.catalog.projection.ProjectorHandler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The events SnapStart priming serves before the snapshot stop before any store or AWS call: the
 * collaborators here fail the test if they are called.
 */
class SnapStartPrimingTest {
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

    private static final CommandStore UNTOUCHABLE_STORE = new CommandStore() {
        @Override
        public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
            throw new AssertionError("priming wrote a command");
        }

        @Override
        public boolean insertAllIfNoneExist(List<CommandRecord> commands) {
            throw new AssertionError("priming wrote commands");
        }

        @Override
        public Optional<CommandRecord> find(UUID commandId) {
            throw new AssertionError("priming read a command");
        }
    };
    private static final CommandPublisher UNTOUCHABLE_PUBLISHER = new CommandPublisher() {
        @Override
        public void publish(CommandEnvelope command) {
            throw new AssertionError("priming published");
        }

        @Override
        public void publishAll(List<CommandEnvelope> commands) {
            throw new AssertionError("priming published");
        }
    };
    private static final ProductViews UNTOUCHABLE_VIEWS = new ProductViews() {
        @Override
        public PutOutcome putIfNewer(ProductView view) {
            throw new AssertionError("priming wrote a view");
        }

        @Override
        public Optional<ProductView> get(UUID productId) {
            throw new AssertionError("priming read a view");
        }

        @Override
        public ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<dev.catalog.projection.PageCursor> after) {
            throw new AssertionError("priming listed views");
        }
    };

    @Test
    void httpRoutesAnswerThePrimingRequestWith401BeforeAnyStoreCall() {
        CommandIntake intake = new CommandIntake(new CommandAcceptance(UNTOUCHABLE_STORE, UNTOUCHABLE_PUBLISHER, Clock.systemUTC()),
                UUID::randomUUID);
        APIGatewayV2HTTPEvent priming = SnapStartPriming.anonymousRequest("POST", "/v1/products");

        assertEquals(401, new CreateProductHandler(intake).handleRequest(priming, LocalContext.forTest("createProduct")).getStatusCode());
        assertEquals(401, new SubmitCommandsHandler(intake).handleRequest(priming, LocalContext.forTest("submitCommands")).getStatusCode());
        assertEquals(401, new GetCommandHandler(UNTOUCHABLE_STORE).handleRequest(priming, LocalContext.forTest("getCommand")).getStatusCode());
        assertEquals(401, new GetProductHandler(UNTOUCHABLE_VIEWS).handleRequest(priming, LocalContext.forTest("getProduct")).getStatusCode());
    }

    @Test
    void queueWorkersRejectThePrimingMessageBeforeAnyStoreCall() {
        SQSEvent priming = SnapStartPriming.malformedSqsMessage();

        ProductTransactions untouchableDatabase = new ProductTransactions() {
            @Override
            public <T> T inTransaction(java.util.function.Function<ProductTransaction, T> work) {
                throw new AssertionError("priming opened a transaction");
            }
        };
        assertFailsOnlyThePrimingMessage(new ProductWorkerHandler(new ProductCommandApplier(untouchableDatabase,
                new ProductMessages(Json.mapper()), Clock.systemUTC()), new OutboxAfterCommit(null, new OutboxRelay((topic, messages) -> {
                    throw new AssertionError("priming published");
                })), Metrics.none()).handleRequest(priming, LocalContext.forTest("productWorker")));
        assertFailsOnlyThePrimingMessage(new ProjectorHandler(UNTOUCHABLE_VIEWS, NO_ATTACHMENTS, Metrics.none()).handleRequest(priming, LocalContext.forTest("projector")));
        assertFailsOnlyThePrimingMessage(new CommandStatusWriterHandler(reply -> {
            throw new AssertionError("priming wrote a status");
        }, Metrics.none()).handleRequest(priming, LocalContext.forTest("commandStatusWriter")));
        assertFailsOnlyThePrimingMessage(new JournalWriterHandler(batch -> {
            throw new AssertionError("priming wrote the journal");
        }).handleRequest(priming, LocalContext.forTest("journalWriter")));
    }

    private static void assertFailsOnlyThePrimingMessage(SQSBatchResponse response) {
        assertEquals(List.of("snapstart-priming"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }
}
