package dev.catalog.local.runtime.provision;

import java.util.Map;

/** What the provisioner needs of the local SNS: topics and subscriptions with their attributes. */
public interface TopicRegistry {

    /** Creates the topic (idempotent, as CreateTopic is) and returns its ARN. */
    String createTopic(String name, Map<String, String> attributes);

    /** Subscribes the endpoint and returns the subscription ARN. */
    String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes);
}
