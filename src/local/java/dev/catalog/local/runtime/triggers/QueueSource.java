package dev.catalog.local.runtime.triggers;

import java.time.Duration;

/**
 * An {@code sqs} event of a function: the queue and how Lambda reads it.
 *
 * @param pollers how many batches may be in the function at once (Lambda's pollers; on a FIFO
 *     queue SQS still hands out one message group to one poller at a time)
 */
public record QueueSource(String queueArn, String queueUrl, String region, int batchSize, Duration batchingWindow,
                          boolean reportBatchItemFailures, int pollers) {

    public String queueName() {
        return queueArn.substring(queueArn.lastIndexOf(':') + 1);
    }
}
