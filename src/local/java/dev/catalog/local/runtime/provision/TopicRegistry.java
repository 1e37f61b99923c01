package dev.catalog.local.runtime.provision;

import java.util.Map;

/** What the provisioner needs of the local SNS: topics and subscriptions with their attributes. */
public interface TopicRegistry {

    /** Creates the topic (idempotent, as CreateTopic is) and returns its ARN. */
    String createTopic(String name, Map<String, String> attributes);

    /** Subscribes the endpoint and returns the subscription ARN. */
    String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes);

    /**
     * The FIFO queue deduplicates within each message group ({@code DeduplicationScope: messageGroup}).
     * ElasticMQ deduplicates queue-wide only; SNS, the only sender our queue policies allow, makes
     * up for it on delivery. An SNS that delivers to a real SQS needs nothing.
     */
    default void queueDeduplicatesPerMessageGroup(String queueArn) {
    }
}
