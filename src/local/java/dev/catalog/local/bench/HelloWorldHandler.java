package dev.catalog.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.catalog.config.FunctionEnvironment;
import java.util.Map;

/** The baseline of the cold-start benchmark: a handler that does nothing but answer. */
public final class HelloWorldHandler implements RequestHandler<Map<String, Object>, String> {

    public HelloWorldHandler(FunctionEnvironment environment) {
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "hello";
    }
}
