package dev.catalog.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The commands of one SQS batch, stored together as one JSON-lines object. */
public record JournalBatch(List<JournalEntry> entries) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public JournalBatch {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a journal batch holds at least one entry");
        }
        entries = List.copyOf(entries);
    }

    /**
     * {@code journal/yyyy/MM/dd/<sent millis>-<message id>.jsonl}, named after the first entry.
     * A batch redelivered whole (the writer stored it, then crashed before SQS deleted it)
     * therefore overwrites its own object instead of journalling the commands twice.
     */
    public String objectKey() {
        JournalEntry first = entries.get(0);
        return "journal/" + DAY.format(first.sentAt()) + "/" + first.sentAt().toEpochMilli() + "-" + first.sqsMessageId() + ".jsonl";
    }

    /** One line per entry, in delivery order, each ending with a newline. */
    public byte[] toJsonLines(ObjectMapper json) {
        StringBuilder lines = new StringBuilder();
        for (JournalEntry entry : entries) {
            ObjectNode line = json.createObjectNode();
            line.put("sqsMessageId", entry.sqsMessageId());
            line.put("snsMessageId", entry.snsMessageId());
            line.put("topicArn", entry.topicArn());
            line.put("publishedAt", entry.publishedAt());
            line.put("messageGroupId", entry.messageGroupId());
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
