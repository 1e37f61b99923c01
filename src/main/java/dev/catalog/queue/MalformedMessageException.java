package dev.catalog.queue;

/**
 * A queued message that no retry can fix. Its text names what is wrong, never the content, so it
 * is safe to log; the message is left to reach its dead-letter queue for inspection.
 */
public class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason);
    }
}
