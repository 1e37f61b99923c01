package dev.catalog.config;

/** A function was deployed without a setting it needs; raised at start-up, never mid-request. */
class MissingConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingConfigurationException(String variable) {
        super("environment variable " + variable + " is not set");
    }

    /** The variable is set but unusable; {@code problem} says why, never echoing the value. */
    public MissingConfigurationException(String variable, String problem) {
        super("environment variable " + variable + " " + problem);
    }
}
