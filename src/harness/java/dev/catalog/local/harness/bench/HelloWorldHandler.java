package dev.catalog.local.harness.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * The baseline of the cold-start benchmark: a handler that does nothing but answer, packaged on its
 * own and started through the same runtime interface client as the functions.
 */
public final class HelloWorldHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "hello";
    }
}
