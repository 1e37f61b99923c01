package dev.catalog.attachment;

/**
 * The object is no longer the one that was read: it was overwritten (an upload URL used again) or
 * removed after its bytes were inspected. Nothing derived from the old bytes may be kept; the
 * message is retried and inspects whatever is there then.
 */
class ObjectChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
