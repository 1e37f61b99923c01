package dev.catalog.schema;

/** The response URL did not accept the answer. */
final class CustomResourceResponseFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CustomResourceResponseFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
