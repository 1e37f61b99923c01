package dev.catalog.testsupport;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** How many messages a queue holds, visible or in flight: zero means its consumer has caught up. */
public final class QueueDepth {
    private QueueDepth() {
    }

    public static int of(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().values().stream().mapToInt(Integer::parseInt).sum();
    }
}
