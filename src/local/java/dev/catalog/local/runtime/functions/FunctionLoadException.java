package dev.catalog.local.runtime.functions;

/** A function named in serverless.yml cannot be loaded; stops start-up. */
public class FunctionLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionLoadException(String function, String problem) {
        super("function " + function + ": " + problem);
    }
}
