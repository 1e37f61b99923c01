package dev.catalog.config;

/** A function was deployed without a setting it needs; raised at start-up, never mid-request. */
public class MissingConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingConfigurationException(String variable) {
        super("environment variable " + variable + " is not set");
    }
}
