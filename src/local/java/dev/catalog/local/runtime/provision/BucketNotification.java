package dev.catalog.local.runtime.provision;

/**
 * One rule of a bucket's notification configuration: which events, which keys, and where to.
 *
 * @param event the S3 event pattern, e.g. {@code s3:ObjectCreated:*}
 * @param destinationType {@code queue}, {@code topic} or {@code function}
 * @param destination a queue ARN, topic ARN or function name
 */
public record BucketNotification(String bucket, String configurationId, String event, String prefix, String suffix,
                                 String destinationType, String destination) {

    /** True when an event of this name (e.g. {@code ObjectCreated:Put}) on this key is to be sent. */
    public boolean matches(String eventName, String key) {
        String wanted = event.startsWith("s3:") ? event.substring(3) : event;
        boolean eventMatches = wanted.endsWith(":*")
                ? eventName.startsWith(wanted.substring(0, wanted.length() - 1))
                : eventName.equals(wanted);
        return eventMatches && key.startsWith(prefix) && key.endsWith(suffix);
    }
}
