package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** Who a request is billed to, what it is about, and what it carries, as the counter reads them. */
class RequestCounterTest {

    @Test
    void aRequestMadeWhileAHandlerRunsIsThatFunctions() {
        assertEquals(RequestOrigin.function("productWorker"), RequestOrigin.classify(Optional.of("productWorker"), "Sqs", "ReceiveMessage"));
        assertEquals("productWorker", RequestOrigin.classify(Optional.of("productWorker"), "Sns", "PublishBatch").label());
    }

    @Test
    void outsideAHandlerReceivesAndDeletesArePollersAndSendsAreSnsDeliveries() {
        assertEquals(RequestOrigin.POLLERS, RequestOrigin.classify(Optional.empty(), "Sqs", "ReceiveMessage"));
        assertEquals(RequestOrigin.POLLERS, RequestOrigin.classify(Optional.empty(), "Sqs", "DeleteMessageBatch"));
        assertEquals(RequestOrigin.POLLERS, RequestOrigin.classify(Optional.empty(), "Sqs", "ChangeMessageVisibilityBatch"));
        assertEquals(RequestOrigin.SNS_DELIVERIES, RequestOrigin.classify(Optional.empty(), "Sqs", "SendMessageBatch"));
        assertTrue(RequestOrigin.POLLERS.billed());
        assertTrue(RequestOrigin.SNS_DELIVERIES.billed());
    }

    @Test
    void everythingElseOutsideAHandlerIsHousekeepingAndNotBilled() {
        assertEquals(RequestOrigin.HOUSEKEEPING, RequestOrigin.classify(Optional.empty(), "Sqs", "GetQueueAttributes"));
        assertEquals(RequestOrigin.HOUSEKEEPING, RequestOrigin.classify(Optional.empty(), "DynamoDb", "CreateTable"));
        assertFalse(RequestOrigin.HOUSEKEEPING.billed());
    }

    @Test
    void every64KbStartedIsOneBilledRequest() {
        assertEquals(1, RequestCounter.chunks(0));
        assertEquals(1, RequestCounter.chunks(65_536));
        assertEquals(2, RequestCounter.chunks(65_537));
        assertEquals(4, RequestCounter.chunks(256 * 1024));
    }

    @Test
    void batchRequestsCountTheirEntries() {
        PublishBatchRequest publish = PublishBatchRequest.builder().topicArn("arn:aws:sns:eu-west-1:000000000000:catalog-dev-events.fifo")
                .publishBatchRequestEntries(entry("a"), entry("b"), entry("c")).build();
        DeleteMessageBatchRequest delete = DeleteMessageBatchRequest.builder().queueUrl("http://localhost/000000000000/q")
                .entries(DeleteMessageBatchRequestEntry.builder().id("1").receiptHandle("r").build()).build();
        TransactWriteItemsRequest transact = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("catalog-dev-commands").item(Map.of()).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName("catalog-dev-commands").item(Map.of()).build()).build()).build();

        assertEquals(3, RequestCounter.entriesOf(publish));
        assertEquals(1, RequestCounter.entriesOf(delete));
        assertEquals(2, RequestCounter.entriesOf(transact));
        assertEquals(1, RequestCounter.entriesOf(SendMessageRequest.builder().messageBody("x").build()));
        assertEquals(2, RequestCounter.entriesOf(BatchExecuteStatementRequest.builder().statements(
                statement -> statement.statement("UPDATE a"), statement -> statement.statement("UPDATE b")).build()));
    }

    @Test
    void theTargetIsTheTopicQueueTableOrBucketByItsShortName() {
        assertEquals("catalog-dev-commands.fifo", RequestCounter.targetOf(PublishRequest.builder()
                .topicArn("arn:aws:sns:eu-west-1:000000000000:catalog-dev-commands.fifo").message("m").build()));
        assertEquals("catalog-dev-journal.fifo", RequestCounter.targetOf(ReceiveMessageRequest.builder()
                .queueUrl("http://127.0.0.1:4566/000000000000/catalog-dev-journal.fifo").build()));
        assertEquals("catalog-dev-commands", RequestCounter.targetOf(PutItemRequest.builder().tableName("catalog-dev-commands").build()));
        assertEquals("catalog-dev-commands", RequestCounter.targetOf(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("catalog-dev-commands").item(Map.of()).build()).build()).build()));
    }

    @Test
    void thePayloadIsTheMessagesAndTheirAttributesInUtf8() {
        PublishRequest publish = PublishRequest.builder().topicArn("arn:t").message("héllo")
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue("product.create").build()))
                .build();
        PublishBatchRequest batch = PublishBatchRequest.builder().topicArn("arn:t").publishBatchRequestEntries(entry("ab"), entry("cd")).build();

        assertEquals(6 + 4 + 6 + 14, RequestCounter.payloadBytes(publish));
        assertEquals(4, RequestCounter.payloadBytes(batch));
        assertEquals(0, RequestCounter.payloadBytes(PutItemRequest.builder().tableName("t").build()));
    }

    @Test
    void s3RequestClassesFollowThePriceList() {
        assertTrue(RequestCounter.isS3PutClass("PutObject"));
        assertTrue(RequestCounter.isS3PutClass("CopyObject"));
        assertTrue(RequestCounter.isS3PutClass("ListObjectsV2"));
        assertTrue(RequestCounter.isS3GetClass("GetObject"));
        assertTrue(RequestCounter.isS3GetClass("HeadObject"));
        assertFalse(RequestCounter.isS3PutClass("DeleteObject"));
        assertFalse(RequestCounter.isS3GetClass("DeleteObject"));
    }

    @Test
    void nothingCountedGivesNoRows() {
        RequestCounter counter = new RequestCounter(Optional::empty);

        assertTrue(counter.snapshot().rows().isEmpty());
    }

    @Test
    void asksEveryDynamoDbRequestThatCanReportCapacityForItAndKeepsTheCallersOwnSetting() {
        PutItemRequest put = (PutItemRequest) RequestCounter.withConsumedCapacity(PutItemRequest.builder().tableName("t").build());
        BatchExecuteStatementRequest batch = (BatchExecuteStatementRequest) RequestCounter.withConsumedCapacity(
                BatchExecuteStatementRequest.builder().build());
        UpdateItemRequest indexes = UpdateItemRequest.builder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
        SendMessageRequest send = SendMessageRequest.builder().queueUrl("q").build();

        assertEquals(ReturnConsumedCapacity.TOTAL, put.returnConsumedCapacity());
        assertEquals("t", put.tableName());
        assertEquals(ReturnConsumedCapacity.TOTAL, batch.returnConsumedCapacity());
        assertEquals(indexes, RequestCounter.withConsumedCapacity(indexes));
        assertEquals(send, RequestCounter.withConsumedCapacity(send));
    }

    @Test
    void readsTheCapacityOfSingleItemAndBatchResponses() {
        ConsumedCapacity one = ConsumedCapacity.builder().tableName("a").capacityUnits(1.0).build();
        ConsumedCapacity two = ConsumedCapacity.builder().tableName("b").writeCapacityUnits(3.0).build();

        assertEquals(List.of(one), RequestCounter.capacityOf(UpdateItemResponse.builder().consumedCapacity(one).build()));
        assertEquals(List.of(one, two), RequestCounter.capacityOf(BatchWriteItemResponse.builder().consumedCapacity(one, two).build()));
        assertEquals(List.of(), RequestCounter.capacityOf(PutItemResponse.builder().build()));
        assertEquals(List.of(), RequestCounter.capacityOf(BatchExecuteStatementResponse.builder().build()));
    }

    private static PublishBatchRequestEntry entry(String message) {
        return PublishBatchRequestEntry.builder().id(message).message(message).build();
    }
}
