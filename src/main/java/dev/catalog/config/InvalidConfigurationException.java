package dev.catalog.config;

/** A function was deployed with a setting it cannot use; raised at start-up, never mid-request. */
public class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String variable, String problem) {
        super("environment variable " + variable + ": " + problem);
    }
}
