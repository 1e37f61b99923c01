package dev.catalog.local.runtime.functions;

/** The handler threw: on AWS this is a function error, and the trigger decides what is retried. */
public class FunctionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FunctionFailedException(String function, Throwable cause) {
        super("function " + function + " failed: " + cause, cause);
    }
}
