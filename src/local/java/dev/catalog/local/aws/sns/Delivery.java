package dev.catalog.local.aws.sns;

/**
 * One notification for one subscription, handed to a registered delivery target (for example
 * the runtime's Lambda invoker). {@code envelope} is the signed SNS JSON envelope.
 */
public record Delivery(Subscription subscription, Notification notification, String envelope, boolean rawMessageDelivery) {}
