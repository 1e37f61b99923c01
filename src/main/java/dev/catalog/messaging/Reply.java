package dev.catalog.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The outcome of one command ({@code schemas/reply.v1.json}), published on the replies topic with
 * the {@code actor}, {@code type} and {@code status} message attributes for subscription filters.
 *
 * @param actor the subject of the actor who issued the command
 * @param acceptedAt when the API accepted the command (the envelope's {@code issuedAt}), so that the
 *     status writer can measure accepted → completed without reading the command back; null for
 *     replies that no accepted command stands behind (uploads, imports)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reply(
        UUID commandId,
        String type,
        ReplyStatus status,
        String actor,
        String correlationId,
        Instant completedAt,
        ObjectNode result,
        ReplyError error,
        Instant acceptedAt) {

    public enum ReplyStatus { SUCCEEDED, FAILED }

    /** A stable code clients can act on, and a message for people. */
    public record ReplyError(ErrorCode code, String message) {
    }

    /**
     * Why a command failed for good (never retried, never sent to a dead-letter queue). The same
     * list is the {@code error.code} enum of {@code schemas/reply.v1.json}.
     */
    public enum ErrorCode {
        PRODUCT_NOT_FOUND,
        PRODUCT_ALREADY_EXISTS,
        VERSION_CONFLICT,
        VALIDATION,
        /** An {@code attachment.delete} named no live attachment of the product (unknown, or already deleted). */
        ATTACHMENT_NOT_FOUND,
        /** The upload processor refused the file; the message starts with the rejection reason (e.g. {@code CONTENT_MISMATCH}). */
        UPLOAD_REJECTED
    }
}
