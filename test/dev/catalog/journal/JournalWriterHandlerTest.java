package dev.catalog.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.functions.LocalContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalWriterHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JournalBatch> stored = new ArrayList<>();
    private final JournalWriterHandler handler = new JournalWriterHandler(stored::add);

    @Test
    void storesValidCommandsInTopicOrderAndFailsOnlyThePoisonMessage() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("journalWriter"));

        // record 2 is not an SNS envelope; the standard queue delivered command 4 before command 3
        assertEquals(List.of("d3b0c5a1-0002-4b7e-9a4f-5c6d7e8f9002"),
                response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList());
        assertEquals(1, stored.size());
        assertEquals(List.of("6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a01", "6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a03",
                        "6a1f0e2c-3b4d-4e5f-8a9b-0c1d2e3f4a04"),
                stored.get(0).entries().stream().map(entry -> entry.command().get("commandId").asText()).toList());
    }

    @Test
    void ordersSequenceNumbersAsNumbersNotAsText() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");
        SQSEvent.SQSMessage later = event.getRecords().get(2);
        // as text "99" sorts after "1000…"; the topic took it first
        later.setBody(later.getBody().replace("\"SequenceNumber\":\"10000000000000010004\"", "\"SequenceNumber\":\"99\""));

        handler.handleRequest(event, LocalContext.forTest("journalWriter"));

        assertEquals(List.of("99", "10000000000000010000", "10000000000000010003"),
                stored.get(0).entries().stream().map(JournalEntry::sequenceNumber).toList());
        assertEquals("journal/2026/11/21/1795252502304-d3b0c5a1-0004-4b7e-9a4f-5c6d7e8f9004.jsonl", stored.get(0).objectKey(),
                "named after the entry the topic took first");
    }

    @Test
    void rejectsAnEnvelopeWithoutTheFifoTopicSequenceNumber() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");
        SQSEvent.SQSMessage first = event.getRecords().get(0);
        first.setBody(first.getBody().replace("\"SequenceNumber\":\"10000000000000010000\",", ""));

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("journalWriter"));

        assertEquals(List.of("d3b0c5a1-0001-4b7e-9a4f-5c6d7e8f9001", "d3b0c5a1-0002-4b7e-9a4f-5c6d7e8f9002"),
                response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList());
    }

    @Test
    void namesTheObjectAfterTheDayAndTheFirstEntryInTopicOrder() {
        handler.handleRequest(EventLoader.loadSQSEvent("events/sqs-journal-batch.json"), LocalContext.forTest("journalWriter"));

        assertEquals("journal/2026/11/21/1795252502301-d3b0c5a1-0001-4b7e-9a4f-5c6d7e8f9001.jsonl", stored.get(0).objectKey());
    }

    @Test
    void writesOneJsonLinePerCommandWithItsEnvelopeFacts() throws Exception {
        handler.handleRequest(EventLoader.loadSQSEvent("events/sqs-journal-batch.json"), LocalContext.forTest("journalWriter"));

        String[] lines = new String(stored.get(0).toJsonLines(JSON), StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        JsonNode first = JSON.readTree(lines[0]);
        assertEquals("8e6f1c2a-0001-5d3e-b7a4-3f2e1d0c9b01", first.get("snsMessageId").asText());
        assertEquals("arn:aws:sns:eu-west-1:123456789012:catalog-dev-commands.fifo", first.get("topicArn").asText());
        assertEquals("10000000000000010000", first.get("sequenceNumber").asText());
        assertEquals("Walnut desk", first.at("/command/payload/name").asText());
    }

    @Test
    void failsTheWholeBatchWhenStorageFails() {
        JournalWriterHandler failingStore = new JournalWriterHandler(batch -> {
            throw new IllegalStateException("bucket unavailable");
        });
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");

        assertThrows(IllegalStateException.class, () -> failingStore.handleRequest(event, LocalContext.forTest("journalWriter")));
    }

    @Test
    void storesNothingWhenEveryMessageIsRejected() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-journal-batch.json");
        event.getRecords().forEach(message -> message.setBody("{\"Type\":\"Notification\"}"));

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.forTest("journalWriter"));

        assertTrue(stored.isEmpty());
        assertEquals(4, response.getBatchItemFailures().size());
    }
}
