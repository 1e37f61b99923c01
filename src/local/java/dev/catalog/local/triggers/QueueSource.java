package dev.catalog.local.triggers;

import java.time.Duration;

/** An {@code sqs} event of a function: the queue and how Lambda reads it. */
public record QueueSource(String queueArn, String queueUrl, String region, int batchSize, Duration batchingWindow,
                          boolean reportBatchItemFailures) {

    public String queueName() {
        return queueArn.substring(queueArn.lastIndexOf(':') + 1);
    }
}
