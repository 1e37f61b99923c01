package dev.catalog.local.runtime.provision;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;

/** Topics and subscriptions on an SNS reached through the SDK: an external emulator's. */
public final class SnsClientTopics implements TopicRegistry {
    private final SnsClient sns;

    public SnsClientTopics(SnsClient sns) {
        this.sns = sns;
    }

    @Override
    public String createTopic(String name, Map<String, String> attributes) {
        return sns.createTopic(request -> request.name(name).attributes(attributes)).topicArn();
    }

    @Override
    public String subscribe(String topicArn, String protocol, String endpoint, Map<String, String> attributes) {
        return sns.subscribe(request -> request.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
                .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
    }
}
