package dev.catalog.journal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.queue.MalformedMessageException;
import dev.catalog.queue.SnsNotification;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * One journalled command: the command exactly as published, with where and when it travelled.
 *
 * @param sequenceNumber the commands topic's sequence number: the order in which the topic took the commands
 * @param sentAt when SQS accepted the message (its {@code SentTimestamp}); stable across redeliveries
 */
record JournalEntry(
        String sqsMessageId,
        String snsMessageId,
        String topicArn,
        String publishedAt,
        String sequenceNumber,
        Instant sentAt,
        ObjectNode command) {

    /** Reads an SQS message carrying a command in the SNS envelope of a FIFO topic; rejects anything else. */
    public static JournalEntry from(ObjectMapper json, SQSMessage message) {
        SnsNotification notification = SnsNotification.parse(json, message.getBody());
        JsonNode command;
        try {
            command = json.readTree(notification.message());
        } catch (IOException e) {
            throw new MalformedMessageException("SNS message is not JSON");
        }
        if (command == null || !command.isObject()
                || !command.path("commandId").isTextual() || !command.path("type").isTextual()) {
            throw new MalformedMessageException("SNS message is not a command envelope (commandId and type required)");
        }
        if (notification.sequenceNumber() == null || !notification.sequenceNumber().matches("\\d{1,20}")) {
            throw new MalformedMessageException("SNS envelope has no FIFO topic sequence number");
        }
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        return new JournalEntry(
                message.getMessageId(),
                notification.messageId(),
                notification.topicArn(),
                notification.timestamp(),
                notification.sequenceNumber(),
                sentAt(attributes.get("SentTimestamp")),
                (ObjectNode) command);
    }

    /** Topic order: sequence numbers are decimal strings of up to 20 digits, so the shorter one is smaller. */
    static final Comparator<JournalEntry> TOPIC_ORDER = Comparator.comparing(JournalEntry::sequenceNumber,
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));

    private static Instant sentAt(String sentTimestamp) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(sentTimestamp));
        } catch (NumberFormatException | NullPointerException e) {
            throw new MalformedMessageException("SQS message has no SentTimestamp attribute");
        }
    }
}
