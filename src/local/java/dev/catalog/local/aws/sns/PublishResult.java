package dev.catalog.local.aws.sns;

/** What Publish answers: the message id and, on FIFO topics, the topic's sequence number. */
public record PublishResult(String messageId, String sequenceNumber) {}
