package dev.catalog.local.runtime.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An error a function reported through the Runtime API, or one the runtime raised for it (a
 * timeout, a process that died), with Lambda's error type: {@code Runtime.BadFunctionCode},
 * {@code Runtime.UserException}, {@code Sandbox.Timedout}, {@code Runtime.ExitError}.
 */
public final class FunctionError extends RuntimeException {
    static final String TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String EXIT = "Runtime.ExitError";

    private final String errorType;
    private final String detail;

    FunctionError(String errorType, String detail) {
        super(errorType + ": " + detail);
        this.errorType = errorType;
        this.detail = detail;
    }

    /** The same error followed by the function's last output lines, which explain it. */
    FunctionError withOutput(String lines) {
        return new FunctionError(errorType, detail + lines);
    }

    /** Lambda's classification of the failure, as in the {@value #TYPE_HEADER} header. */
    public String errorType() {
        return errorType;
    }

    /** Reads the body the runtime interface client posts: {@code errorMessage}, {@code errorType}, {@code stackTrace}. */
    static FunctionError from(String typeHeader, byte[] body) {
        String message = new String(body, StandardCharsets.UTF_8);
        String exception = null;
        try {
            JsonNode error = JSON.readTree(body);
            message = error.path("errorMessage").asText(message);
            exception = error.path("errorType").asText(null);
        } catch (IOException notJson) {
            // The raw body is the best description there is.
        }
        String type = typeHeader == null ? "Runtime.Unknown" : typeHeader;
        return new FunctionError(type, exception == null ? message : exception + ": " + message);
    }
}
