package dev.catalog.local.aws.sns;

/** A subscription as ListSubscriptions shows it. */
public record Subscription(String subscriptionArn, String topicArn, String protocol, String endpoint, String owner) {}
