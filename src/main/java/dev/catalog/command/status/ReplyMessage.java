package dev.catalog.command.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.Reply;
import dev.catalog.messaging.Reply.ReplyStatus;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.queue.MessageBodies;

/** Reads a reply ({@code schemas/reply.v1.json}) from a raw SQS body of the command-status queue. */
final class ReplyMessage {
    private ReplyMessage() {
    }

    /** @throws MalformedMessageException naming what is wrong, never the content */
    static Reply parse(ObjectMapper json, String body) {
        Reply reply = MessageBodies.read(json, body, Reply.class, "a reply");
        if (reply.commandId() == null || reply.type() == null || reply.status() == null
                || reply.completedAt() == null || reply.actor() == null || reply.correlationId() == null) {
            throw new MalformedMessageException("reply misses a required field");
        }
        if (reply.status() == ReplyStatus.SUCCEEDED && (reply.result() == null || reply.error() != null)) {
            throw new MalformedMessageException("a SUCCEEDED reply carries a result and no error");
        }
        if (reply.status() == ReplyStatus.FAILED && (reply.error() == null || reply.error().code() == null
                || reply.error().message() == null || reply.result() != null)) {
            throw new MalformedMessageException("a FAILED reply carries an error (code and message) and no result");
        }
        return reply;
    }
}
