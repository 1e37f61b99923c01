package dev.catalog.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.Attachment.RejectionReason;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.contract.Schemas;
import dev.catalog.internal.Json;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.outbox.OutboxTopic;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The replies of the attachment paths carry their own stable codes: UPLOAD_REJECTED (the reason
 * first in the message) and ATTACHMENT_NOT_FOUND, and validate against {@code schemas/reply.v1.json}.
 */
class AttachmentRepliesTest {
    private static final Instant AT = Instant.parse("2026-11-21T09:40:49.120Z");
    private static final UUID PRODUCT = UUID.fromString("0b6f3c1e-8f0a-4c1b-9d5e-1a2b3c4d5e01");
    private final AttachmentMessages messages = new AttachmentMessages(Json.mapper());

    @Test
    void everyRejectedUploadRepliesUploadRejectedWithItsReasonFirst() throws Exception {
        for (RejectionReason reason : RejectionReason.values()) {
            Attachment rejected = new Attachment(UUID.randomUUID(), PRODUCT, "virus.png", "image/png", 5_000, null,
                    AttachmentStatus.REJECTED, null, reason, AT, AT);

            OutboxMessage reply = replyOf(messages.uploadProcessed(rejected, "user-7f3a9c"));
            JsonNode body = Json.mapper().readTree(reply.body());

            assertEquals(Set.of(), Schemas.violations("reply.v1.json", body), reason.name());
            assertEquals("FAILED", body.get("status").asText());
            assertEquals("UPLOAD_REJECTED", body.at("/error/code").asText(), reason.name());
            assertTrue(body.at("/error/message").asText().startsWith(reason.name() + ": "), body.toString());
            assertEquals(rejected.attachmentId().toString(), body.get("commandId").asText(), "the client matches it by attachment id");
            assertEquals("FAILED", reply.attributes().get("status"));
        }
    }

    @Test
    void aStoredUploadRepliesSucceededWithTheAttachment() throws Exception {
        Attachment stored = new Attachment(UUID.randomUUID(), PRODUCT, "guide.pdf", "application/pdf", 482_133, "a".repeat(64),
                AttachmentStatus.STORED, AttachmentKeys.stored(PRODUCT, UUID.randomUUID()), null, AT, AT);

        JsonNode body = Json.mapper().readTree(replyOf(messages.uploadProcessed(stored, "user-7f3a9c")).body());

        assertEquals(Set.of(), Schemas.violations("reply.v1.json", body));
        assertEquals("SUCCEEDED", body.get("status").asText());
        assertEquals("STORED", body.at("/result/status").asText());
    }

    @Test
    void aDeleteThatFindsNoLiveAttachmentRepliesAttachmentNotFound() throws Exception {
        CommandEnvelope command = sampleDeleteCommand();

        OutboxMessage reply = messages.deleteFailed(command, AT);
        JsonNode body = Json.mapper().readTree(reply.body());

        assertEquals(Set.of(), Schemas.violations("reply.v1.json", body));
        assertEquals("FAILED", body.get("status").asText());
        assertEquals("ATTACHMENT_NOT_FOUND", body.at("/error/code").asText());
        assertEquals(command.commandId().toString(), body.get("commandId").asText());
        assertEquals("attachment.delete", reply.attributes().get("type"));
    }

    @Test
    void anAppliedDeleteRepliesSucceededAndAnnouncesTheDeletedAttachment() throws Exception {
        CommandEnvelope command = sampleDeleteCommand();
        Attachment deleted = new Attachment(UUID.fromString(command.payload().get("attachmentId").asText()),
                UUID.fromString(command.aggregateId()), "guide.pdf", "application/pdf", 482_133, "b".repeat(64), AttachmentStatus.DELETED,
                "attachments/x", null, AT, AT.plusSeconds(60));

        List<OutboxMessage> outbox = messages.deleted(command, deleted);

        JsonNode reply = Json.mapper().readTree(replyOf(outbox).body());
        assertEquals(Set.of(), Schemas.violations("reply.v1.json", reply));
        assertEquals("SUCCEEDED", reply.get("status").asText());
        JsonNode event = Json.mapper().readTree(outbox.stream().filter(m -> m.topic() == OutboxTopic.EVENTS).findFirst().orElseThrow().body());
        assertEquals(Set.of(), Schemas.violations("event.v1.json", event));
        assertEquals("attachment.deleted", event.get("type").asText());
    }

    private static OutboxMessage replyOf(List<OutboxMessage> outbox) {
        return outbox.stream().filter(message -> message.topic() == OutboxTopic.REPLIES).findFirst().orElseThrow();
    }

    private static CommandEnvelope sampleDeleteCommand() throws Exception {
        SQSEvent sample = EventLoader.loadSQSEvent("events/sqs-attachment-commands-batch.json");
        return Json.mapper().readValue(sample.getRecords().get(0).getBody(), CommandEnvelope.class);
    }
}
