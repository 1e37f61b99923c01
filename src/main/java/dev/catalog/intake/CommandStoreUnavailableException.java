package dev.catalog.intake;

/** The command store could not be read or written just now; the request may be retried. */
public class CommandStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
