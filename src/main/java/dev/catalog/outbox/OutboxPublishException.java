package dev.catalog.outbox;

/** Publishing outbox rows failed as a whole (throttling, network, permissions); they stay unpublished. */
class OutboxPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutboxPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
