package dev.catalog.attachment;

/** The documents bucket could not be read or written; the message is retried. */
class AttachmentStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttachmentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
