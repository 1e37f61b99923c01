package dev.catalog.local.aws.sns;

import java.time.Instant;

/** A notification for a person (email, email-json, sms) that the local runtime shows instead of sending. */
public record OutboxMessage(String protocol, String endpoint, String subject, String message, String topicArn, Instant timestamp) {}
