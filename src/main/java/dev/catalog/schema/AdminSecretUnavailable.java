package dev.catalog.schema;

/** The admin secret could not be read, or holds no credentials. */
final class AdminSecretUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminSecretUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
