package dev.catalog.projection;

/** A listing cursor that this API did not issue for this query: altered, truncated or for another prefix. */
class InvalidCursorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCursorException(String reason) {
        super(reason);
    }
}
