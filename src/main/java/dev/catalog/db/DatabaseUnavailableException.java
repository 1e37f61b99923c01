package dev.catalog.db;

/**
 * A technical database failure (lost connection, timeout, rejected statement): the work was rolled
 * back and may succeed when retried. Never a business outcome.
 */
public class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String what, Throwable cause) {
        super(what, cause);
    }
}
