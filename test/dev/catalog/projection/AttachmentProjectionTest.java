package dev.catalog.projection;

import dev.catalog.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.catalog.attachment.Attachment;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.attachment.AttachmentMessages;
import dev.catalog.internal.Json;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxTopic;
import dev.catalog.projection.ProductViews.PutOutcome;
import dev.catalog.testsupport.RecordingLogger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The projector reads the attachment events the upload processor writes, and converges on duplicates. */
class AttachmentProjectionTest {
    private static final UUID PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    private final InMemoryAttachmentViews attachments = new InMemoryAttachmentViews();
    private final ProjectorHandler handler = new ProjectorHandler(new RecordingProductViews(), attachments, Metrics.none());

    @Test
    void storedAndRejectedUploadsAppearInTheirProductsView() {
        Attachment stored = attachment(AttachmentStatus.STORED, null, "ab".repeat(32));
        Attachment rejected = attachment(AttachmentStatus.REJECTED, RejectionReason.CONTENT_MISMATCH, "cd".repeat(32));

        SQSBatchResponse response = handle(eventOf(stored), eventOf(rejected));

        assertTrue(response.getBatchItemFailures().isEmpty());
        AttachmentView view = attachments.get(PRODUCT, stored.attachmentId()).orElseThrow();
        assertEquals("STORED", view.status());
        assertEquals(1234, view.sizeBytes());
        assertEquals("ab".repeat(32), view.sha256());
        assertEquals(1, view.version());
        assertEquals("Plan.pdf", view.fileName());
        assertEquals("CONTENT_MISMATCH", attachments.get(PRODUCT, rejected.attachmentId()).orElseThrow().rejectionReason());
    }

    @Test
    void aDuplicateEventChangesNothingAndSucceeds() {
        Attachment stored = attachment(AttachmentStatus.STORED, null, "ab".repeat(32));
        SQSMessage event = eventOf(stored);

        SQSBatchResponse response = handle(event, event);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(List.of(PutOutcome.APPLIED, PutOutcome.STALE), attachments.outcomes);
    }

    @Test
    void anAttachmentEventWhoseStatusContradictsItsTypeFails() {
        SQSMessage event = eventOf(attachment(AttachmentStatus.STORED, null, "ab".repeat(32)));
        event.setBody(event.getBody().replace("\"type\":\"attachment.stored\"", "\"type\":\"attachment.rejected\""));
        event.setMessageAttributes(Map.of());

        SQSBatchResponse response = handle(event);

        assertEquals(1, response.getBatchItemFailures().size());
        assertTrue(attachments.outcomes.isEmpty());
    }

    private SQSBatchResponse handle(SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return handler.handleRequest(event, new LocalContext("request-1", "projector", 1024, AT.plusSeconds(60), Clock.systemUTC(),
                new RecordingLogger()));
    }

    private static Attachment attachment(AttachmentStatus status, RejectionReason reason, String sha256) {
        return new Attachment(UUID.randomUUID(), PRODUCT, "Plan.pdf", "application/pdf", 1234, sha256, status,
                status == AttachmentStatus.STORED ? "attachments/x" : null, reason, AT, AT);
    }

    private static int sequence;

    private static SQSMessage eventOf(Attachment attachment) {
        OutboxMessage event = new AttachmentMessages(Json.mapper()).uploadProcessed(attachment, "local-editor").stream()
                .filter(message -> message.topic() == OutboxTopic.EVENTS).findFirst().orElseThrow();
        SQSMessage message = new SQSMessage();
        message.setMessageId("m-" + (++sequence));
        message.setBody(event.body());
        SQSEvent.MessageAttribute type = new SQSEvent.MessageAttribute();
        type.setDataType("String");
        type.setStringValue(event.attributes().get("type"));
        message.setMessageAttributes(Map.of("type", type));
        message.setAttributes(Map.of("MessageGroupId", event.messageGroupId()));
        return message;
    }

    /** Applies the same version rule as the DynamoDB adapter. */
    static final class InMemoryAttachmentViews implements AttachmentViews {
        final Map<UUID, AttachmentView> byId = new HashMap<>();
        final List<PutOutcome> outcomes = new ArrayList<>();

        @Override
        public PutOutcome putIfNewer(AttachmentView attachment) {
            AttachmentView existing = byId.get(attachment.attachmentId());
            PutOutcome outcome = existing != null && existing.version() >= attachment.version() ? PutOutcome.STALE : PutOutcome.APPLIED;
            if (outcome == PutOutcome.APPLIED) {
                byId.put(attachment.attachmentId(), attachment);
            }
            outcomes.add(outcome);
            return outcome;
        }

        @Override
        public Optional<AttachmentView> get(UUID productId, UUID attachmentId) {
            return Optional.ofNullable(byId.get(attachmentId)).filter(view -> view.productId().equals(productId));
        }
    }
}
