package dev.catalog.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The commands of one SQS batch, stored together as one JSON-lines object in the commands
 * topic's order (the standard journal queue delivers in roughly that order, not exactly).
 */
public record JournalBatch(List<JournalEntry> entries) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public JournalBatch {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a journal batch holds at least one entry");
        }
        entries = entries.stream().sorted(JournalEntry.TOPIC_ORDER).toList();
    }

    /**
     * {@code journal/yyyy/MM/dd/<sent millis>-<message id>.jsonl}, named after the entry first in
     * topic order. A batch redelivered whole (the writer stored it, then crashed before SQS
     * deleted it) therefore overwrites its own object; one redelivered in other company can
     * journal a command twice, so readers keep the first line per {@code snsMessageId}.
     */
    public String objectKey() {
        JournalEntry first = entries.get(0);
        return "journal/" + DAY.format(first.sentAt()) + "/" + first.sentAt().toEpochMilli() + "-" + first.sqsMessageId() + ".jsonl";
    }

    /** One line per entry, in topic order, each ending with a newline. */
    public byte[] toJsonLines(ObjectMapper json) {
        StringBuilder lines = new StringBuilder();
        for (JournalEntry entry : entries) {
            ObjectNode line = json.createObjectNode();
            line.put("sqsMessageId", entry.sqsMessageId());
            line.put("snsMessageId", entry.snsMessageId());
            line.put("topicArn", entry.topicArn());
            line.put("publishedAt", entry.publishedAt());
            line.put("sequenceNumber", entry.sequenceNumber());
            line.set("command", entry.command());
            try {
                lines.append(json.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
