package dev.catalog.local.runtime.triggers;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.catalog.local.runtime.faults.FaultInjection;
import dev.catalog.local.runtime.functions.FunctionFailedException;
import dev.catalog.local.runtime.functions.LocalFunction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The SQS event source mapping of one function, as Lambda runs it: each of the source's pollers
 * receives up to {@code batchSize} messages (waiting up to {@code maximumBatchingWindow} to fill a
 * batch), invokes the function once with them, then deletes what succeeded. A thrown exception fails the
 * whole batch; with {@code ReportBatchItemFailures} only the listed messages stay (an unknown or
 * empty id fails the whole batch, as on AWS). Messages not deleted come back after the queue's
 * visibility timeout, and SQS moves them to the dead-letter queue after {@code maxReceiveCount}.
 */
public final class QueuePoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);
    /** While a batching window is open, how long a poller waits after a receive that found fewer messages than it asked for. */
    static final Duration WINDOW_POLL_INTERVAL = Duration.ofMillis(200);

    private final QueueSource source;
    private final LocalFunction function;
    private final SqsClient sqs;
    private final Optional<Duration> retryDelay;
    private final FaultInjection faults;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param retryDelay when present, failed messages become visible again after this delay instead
     *     of the queue's visibility timeout (a local-only setting for fast feedback and tests)
     */
    public QueuePoller(QueueSource source, LocalFunction function, SqsClient sqs, Optional<Duration> retryDelay, FaultInjection faults) {
        this.source = source;
        this.function = function;
        this.sqs = sqs;
        this.retryDelay = retryDelay;
        this.faults = faults;
        for (int poller = 1; poller <= source.pollers(); poller++) {
            Thread thread = new Thread(this::pollUntilClosed, "sqs-" + function.name() + (poller == 1 ? "" : "-" + poller));
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public QueuePoller start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void pollUntilClosed() {
        while (running) {
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("polling {} for {} failed: {}", source.queueArn(), function.name(), e.toString());
                    sleepQuietly(Duration.ofMillis(500));
                }
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long deadline = 0;
        while (running && batch.size() < source.batchSize()) {
            int wanted = Math.min(10, source.batchSize() - batch.size());
            boolean windowOpen = !batch.isEmpty();
            int waitSeconds = windowOpen ? 0 : 1;
            List<Message> received = sqs.receiveMessage(request -> request
                    .queueUrl(source.queueUrl())
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(waitSeconds)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(received);
            if (batch.isEmpty()) {
                return batch;
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + source.batchingWindow().toNanos();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            if (received.size() < wanted) {
                // The queue is drained for now: let messages gather for the window instead of asking every few milliseconds.
                sleepQuietly(Duration.ofNanos(Math.min(remaining, WINDOW_POLL_INTERVAL.toNanos())));
            }
        }
        return batch;
    }

    private void deliver(List<Message> batch) {
        SQSEvent event = new SQSEvent();
        event.setRecords(batch.stream().map(this::toRecord).toList());
        if (faults.failsBatch(function.name(), batch.stream().map(Message::body).toList())) {
            LOG.warn("fault injected: {} throws on a batch of {} from {}; the batch will be retried", function.name(), batch.size(),
                    source.queueName());
            retryLater(batch);
            return;
        }
        Object result;
        try {
            result = function.invoke("sqs", batch.size(), event);
        } catch (FunctionFailedException e) {
            LOG.warn("{} failed on a batch of {} from {}; the batch will be retried: {}", function.name(), batch.size(),
                    source.queueName(), e.getCause() == null ? e.toString() : e.getCause().toString());
            retryLater(batch);
            return;
        }
        Set<String> failedIds = failedItems(batch, result);
        List<Message> succeeded = new ArrayList<>();
        List<Message> failed = new ArrayList<>();
        for (Message message : batch) {
            (failedIds.contains(message.messageId()) ? failed : succeeded).add(message);
        }
        if (faults.losesDelete(function.name())) {
            LOG.warn("fault injected: the delete of {} messages processed by {} is lost", succeeded.size(), function.name());
            retryLater(succeeded);
        } else {
            delete(succeeded);
        }
        retryLater(failed);
    }

    /** Ids of the messages to keep; every message when the response cannot be trusted. */
    private Set<String> failedItems(List<Message> batch, Object result) {
        if (!source.reportBatchItemFailures() || !(result instanceof SQSBatchResponse response)
                || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> inBatch = new HashSet<>();
        batch.forEach(message -> inBatch.add(message.messageId()));
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !inBatch.contains(id)) {
                LOG.warn("{} reported batch item failure '{}', which is not in the batch: the whole batch fails", function.name(), id);
                return inBatch;
            }
            failed.add(id);
        }
        return failed;
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(messages.size(), from + 10))) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(request -> request.queueUrl(source.queueUrl()).entries(entries));
        }
    }

    private void retryLater(List<Message> messages) {
        if (retryDelay.isEmpty() || messages.isEmpty()) {
            return;
        }
        int seconds = (int) retryDelay.get().toSeconds();
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            sqs.changeMessageVisibilityBatch(request -> request.queueUrl(source.queueUrl()).entries(
                    chunk.stream().map(message -> software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(Integer.toString(chunk.indexOf(message))).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(seconds).build()).toList()));
        }
    }

    private SQSEvent.SQSMessage toRecord(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, toRecordAttribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(source.queueArn());
        record.setAwsRegion(source.region());
        return record;
    }

    private static SQSEvent.MessageAttribute toRecordAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(ByteBuffer.wrap(value.binaryValue().asByteArray()));
        }
        attribute.setStringListValues(value.stringListValues());
        attribute.setBinaryListValues(value.binaryListValues().stream().map(SdkBytes::asByteBuffer).toList());
        return attribute;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops receiving: each poller finishes the batch it is delivering (or its current receive, at
     * most a second's long poll) and ends. Returns at once; {@link #awaitStopped} waits. Stopping
     * every source first and then waiting for all of them takes one long poll, not one per source.
     */
    public void stopPolling() {
        running = false;
    }

    /**
     * Waits until every poller has ended or {@code deadlineNanos} ({@link System#nanoTime()}) passes.
     *
     * @return true when every poller has ended
     */
    public boolean awaitStopped(long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis > 0) {
                thread.join(remainingMillis);
            }
        }
        boolean stopped = threads.stream().noneMatch(Thread::isAlive);
        if (!stopped) {
            LOG.warn("{}: a batch from {} was still being delivered when the runtime stopped", function.name(), source.queueName());
        }
        return stopped;
    }

    @Override
    public void close() throws InterruptedException {
        stopPolling();
        awaitStopped(System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
    }
}
