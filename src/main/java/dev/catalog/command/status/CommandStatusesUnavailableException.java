package dev.catalog.command.status;

/** The commands table did not answer (throttling, network, service error); retrying may help. */
public class CommandStatusesUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandStatusesUnavailableException(Throwable cause) {
        super("commands table update failed", cause);
    }
}
