package dev.catalog.local.harness.bench;

import dev.catalog.local.runtime.functions.LocalFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts every AWS request the SDK clients of the local runtime send (registered through
 * {@code LocalOptions.withRequestInterceptor}), by who made it ({@link RequestOrigin}), service,
 * operation and target, with what AWS bills beyond the request itself: batch entries, 64 KB
 * payload chunks and DynamoDB capacity units.
 *
 * <p>DynamoDB requests are asked to return their consumed capacity (a field of the request that
 * changes nothing else), so the write and read units are the table's own figures rather than
 * estimates from item sizes. The exception is BatchExecuteStatement, for which DynamoDB Local
 * reports nothing: {@link BatchStatementWriteEstimate} estimates it per statement.
 */
public final class RequestCounter implements ExecutionInterceptor {
    /** SNS and SQS bill each started 64 KB of a request's payload as one request. */
    static final int BILLING_CHUNK_BYTES = 64 * 1024;

    private static final ExecutionAttribute<RequestKey> KEY = new ExecutionAttribute<>("catalog.bench.requestKey");
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("catalog.bench.requestStarted");

    private record RequestKey(RequestOrigin origin, String service, String operation, String target) {
    }

    private static final class Tally {
        final LongAdder requests = new LongAdder();
        final LongAdder entries = new LongAdder();
        final LongAdder billableUnits = new LongAdder();
        final LongAdder payloadBytes = new LongAdder();
        final DoubleAdder writeUnits = new DoubleAdder();
        final DoubleAdder readUnits = new DoubleAdder();
        final LongAdder emptyReceives = new LongAdder();
        final LongAdder messagesReceived = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder callNanos = new LongAdder();
    }

    private final Supplier<Optional<String>> runningFunction;
    private final Map<RequestKey, Tally> tallies = new ConcurrentHashMap<>();
    /** Kept across {@link #reset()}: the tables are created before the counting starts. */
    private final BatchStatementWriteEstimate batchStatements = new BatchStatementWriteEstimate();

    /** Attributes requests to the function whose handler runs on the calling thread. */
    public RequestCounter() {
        this(LocalFunction::runningOnThisThread);
    }

    RequestCounter(Supplier<Optional<String>> runningFunction) {
        this.runningFunction = runningFunction;
    }

    /** Forgets what was counted so far (the provisioning before a run, for instance). */
    public void reset() {
        tallies.clear();
    }

    public RequestCounts snapshot() {
        List<RequestCounts.Row> rows = new ArrayList<>();
        tallies.forEach((key, tally) -> rows.add(new RequestCounts.Row(key.origin(), key.service(), key.operation(), key.target(),
                tally.requests.sum(), tally.entries.sum(), tally.billableUnits.sum(), tally.payloadBytes.sum(),
                tally.writeUnits.sum(), tally.readUnits.sum(), tally.emptyReceives.sum(), tally.messagesReceived.sum(),
                tally.failures.sum(), tally.callNanos.sum() / 1e9)));
        return new RequestCounts(rows, batchStatements.assumptions());
    }

    /** The whole call, retries included, as the calling code waits for it. */
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return withConsumedCapacity(context.request());
    }

    /** Called once per HTTP attempt: a retried request is billed again. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof CreateTableRequest table) {
            batchStatements.learn(table);
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        RequestKey key = new RequestKey(RequestOrigin.classify(runningFunction.get(), service, operation), service, operation,
                targetOf(request));
        attributes.putAttribute(KEY, key);
        Tally tally = tallies.computeIfAbsent(key, ignored -> new Tally());
        tally.requests.increment();
        tally.entries.add(entriesOf(request));
        long bytes = payloadBytes(request);
        tally.payloadBytes.add(bytes);
        if (!(request instanceof ReceiveMessageRequest)) {
            tally.billableUnits.add(chunks(bytes));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        RequestKey key = attributes.getAttribute(KEY);
        if (key == null) {
            return;
        }
        Tally tally = tallies.computeIfAbsent(key, ignored -> new Tally());
        addCallTime(tally, attributes);
        SdkResponse response = context.response();
        if (response instanceof ReceiveMessageResponse received) {
            long bytes = received.messages().stream().mapToLong(RequestCounter::sqsMessageBytes).sum();
            tally.payloadBytes.add(bytes);
            tally.billableUnits.add(chunks(bytes));
            tally.messagesReceived.add(received.messages().size());
            if (received.messages().isEmpty()) {
                tally.emptyReceives.increment();
            }
        }
        List<ConsumedCapacity> capacities = capacityOf(response);
        if (context.request() instanceof BatchExecuteStatementRequest batch && capacities.isEmpty()) {
            tally.writeUnits.add(batchStatements.writeUnits(batch));
            return;
        }
        if (key.operation().equals("TransactWriteItems")) {
            // DynamoDB charges two write units per item of a transaction (items up to 1 KB); DynamoDB
            // Local reports two per request, so the larger of the two figures is kept.
            double reported = capacities.stream().mapToDouble(RequestCounter::writeUnitsOf).sum();
            tally.writeUnits.add(Math.max(reported, 2.0 * entriesOf(context.request())));
            return;
        }
        capacities.forEach(capacity -> addCapacity(tally, key.operation(), capacity));
    }

    private static double writeUnitsOf(ConsumedCapacity capacity) {
        if (capacity.writeCapacityUnits() != null) {
            return capacity.writeCapacityUnits();
        }
        return capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        RequestKey key = attributes.getAttribute(KEY);
        if (key == null) {
            return;
        }
        Tally tally = tallies.computeIfAbsent(key, ignored -> new Tally());
        addCallTime(tally, attributes);
        tally.failures.increment();
        // A failed conditional write still consumes capacity; the error does not say how much, so one unit per item.
        if ("DynamoDb".equals(key.service()) && isWrite(key.operation())) {
            tally.writeUnits.add(entriesOf(context.request()));
        }
    }

    private static void addCallTime(Tally tally, ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            tally.callNanos.add(System.nanoTime() - started);
        }
    }

    private static void addCapacity(Tally tally, String operation, ConsumedCapacity capacity) {
        if (capacity.writeCapacityUnits() != null || capacity.readCapacityUnits() != null) {
            tally.writeUnits.add(capacity.writeCapacityUnits() == null ? 0 : capacity.writeCapacityUnits());
            tally.readUnits.add(capacity.readCapacityUnits() == null ? 0 : capacity.readCapacityUnits());
        } else if (capacity.capacityUnits() != null) {
            (isWrite(operation) ? tally.writeUnits : tally.readUnits).add(capacity.capacityUnits());
        }
    }

    static boolean isWrite(String operation) {
        return switch (operation) {
            case "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "BatchExecuteStatement" -> true;
            default -> false;
        };
    }

    /** Every started 64 KB counts as one billed request; an empty payload still makes one. */
    static long chunks(long bytes) {
        return Math.max(1, (bytes + BILLING_CHUNK_BYTES - 1) / BILLING_CHUNK_BYTES);
    }

    /**
     * Asks a DynamoDB request for its consumed capacity, through the SDK's field model: every
     * operation that can report capacity has a {@code ReturnConsumedCapacity} member, and their
     * request types share no builder interface for it. A caller's own setting is kept.
     */
    static SdkRequest withConsumedCapacity(SdkRequest request) {
        Optional<SdkField<?>> field = request.sdkFields().stream()
                .filter(candidate -> candidate.memberName().equals("ReturnConsumedCapacity")).findFirst();
        if (field.isEmpty() || field.get().getValueOrDefault(request) != null) {
            return request;
        }
        SdkRequest.Builder builder = request.toBuilder();
        field.get().set(builder, ReturnConsumedCapacity.TOTAL.toString());
        return builder.build();
    }

    /** The response's {@code ConsumedCapacity} member: one value for single-item calls, a list for batches. */
    static List<ConsumedCapacity> capacityOf(SdkResponse response) {
        Optional<Object> capacity = response.getValueForField("ConsumedCapacity", Object.class);
        if (capacity.isEmpty()) {
            return List.of();
        }
        if (capacity.get() instanceof ConsumedCapacity single) {
            return List.of(single);
        }
        List<ConsumedCapacity> found = new ArrayList<>();
        if (capacity.get() instanceof List<?> many) {
            many.stream().filter(ConsumedCapacity.class::isInstance).map(ConsumedCapacity.class::cast).forEach(found::add);
        }
        return found;
    }

    /** The topic, queue, table or bucket a request is about, by its short name. */
    static String targetOf(SdkRequest request) {
        if (request instanceof PublishRequest publish) {
            return lastSegment(publish.topicArn(), ':');
        }
        if (request instanceof PublishBatchRequest batch) {
            return lastSegment(batch.topicArn(), ':');
        }
        Optional<String> queueUrl = request.getValueForField("QueueUrl", String.class);
        if (queueUrl.isPresent()) {
            return lastSegment(queueUrl.get(), '/');
        }
        Optional<String> table = request.getValueForField("TableName", String.class);
        if (table.isPresent()) {
            return table.get();
        }
        if (request instanceof TransactWriteItemsRequest transact && transact.hasTransactItems() && !transact.transactItems().isEmpty()) {
            var item = transact.transactItems().get(0);
            return item.put() != null ? item.put().tableName() : item.update() != null ? item.update().tableName()
                    : item.delete() != null ? item.delete().tableName() : item.conditionCheck().tableName();
        }
        if (request instanceof BatchWriteItemRequest batch && batch.hasRequestItems()) {
            return String.join(",", batch.requestItems().keySet());
        }
        if (request instanceof BatchExecuteStatementRequest batch) {
            return BatchStatementWriteEstimate.target(batch);
        }
        Optional<String> bucket = request.getValueForField("Bucket", String.class);
        return bucket.orElse("-");
    }

    /** The list members that hold a batch request's entries, by their names in the AWS service models. */
    private static final List<String> BATCH_MEMBERS = List.of("Entries", "PublishBatchRequestEntries", "TransactItems", "Statements");

    /** Items or messages a request carries: batch entries, or 1. */
    static long entriesOf(SdkRequest request) {
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.requestItems().values().stream().mapToLong(List::size).sum();
        }
        return BATCH_MEMBERS.stream().map(member -> request.getValueForField(member, List.class)).flatMap(Optional::stream)
                .findFirst().map(entries -> (long) entries.size()).orElse(1L);
    }

    /** Message bodies and attributes sent in an SNS or SQS request; 0 for other services. */
    static long payloadBytes(SdkRequest request) {
        if (request instanceof PublishRequest publish) {
            return utf8(publish.message()) + utf8(publish.subject()) + snsAttributeBytes(publish.messageAttributes());
        }
        if (request instanceof PublishBatchRequest batch) {
            long bytes = 0;
            for (PublishBatchRequestEntry entry : batch.publishBatchRequestEntries()) {
                bytes += utf8(entry.message()) + utf8(entry.subject()) + snsAttributeBytes(entry.messageAttributes());
            }
            return bytes;
        }
        if (request instanceof SendMessageRequest send) {
            return utf8(send.messageBody()) + sqsAttributeBytes(send.messageAttributes());
        }
        if (request instanceof SendMessageBatchRequest batch) {
            long bytes = 0;
            for (SendMessageBatchRequestEntry entry : batch.entries()) {
                bytes += utf8(entry.messageBody()) + sqsAttributeBytes(entry.messageAttributes());
            }
            return bytes;
        }
        return 0;
    }

    /** S3 request classes as priced: PUT, COPY, POST and LIST are one class; GET and HEAD another. */
    static boolean isS3PutClass(String operation) {
        return operation.startsWith("Put") || operation.startsWith("Copy") || operation.startsWith("List")
                || operation.startsWith("Create") || operation.equals("CompleteMultipartUpload") || operation.equals("UploadPart");
    }

    static boolean isS3GetClass(String operation) {
        return operation.startsWith("Get") || operation.startsWith("Head");
    }

    private static long sqsMessageBytes(Message message) {
        return utf8(message.body()) + sqsAttributeBytes(message.messageAttributes());
    }

    private static long snsAttributeBytes(Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> attributes) {
        long bytes = 0;
        for (var attribute : attributes.entrySet()) {
            var value = attribute.getValue();
            bytes += utf8(attribute.getKey()) + utf8(value.dataType()) + utf8(value.stringValue())
                    + (value.binaryValue() == null ? 0 : value.binaryValue().asByteArray().length);
        }
        return bytes;
    }

    private static long sqsAttributeBytes(Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes) {
        long bytes = 0;
        for (var attribute : attributes.entrySet()) {
            var value = attribute.getValue();
            bytes += utf8(attribute.getKey()) + utf8(value.dataType()) + utf8(value.stringValue())
                    + (value.binaryValue() == null ? 0 : value.binaryValue().asByteArray().length);
        }
        return bytes;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String lastSegment(String value, char separator) {
        return value == null ? "-" : value.substring(value.lastIndexOf(separator) + 1);
    }
}
