package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Method;

/** A handler as serverless.yml names it: {@code package.Class::method}, the method defaulting to {@code handleRequest}. */
record HandlerReference(String className, String methodName) {

    static HandlerReference parse(String reference) {
        String[] parts = reference.split("::", 2);
        return new HandlerReference(parts[0], parts.length == 2 ? parts[1] : "handleRequest");
    }

    /**
     * The method Lambda calls on {@code type}: the named one taking an event and a {@link Context}.
     *
     * @throws FunctionLoadException naming {@code function} when there is none
     */
    Method methodOf(Class<?> type, String function) {
        for (Method candidate : type.getMethods()) {
            if (candidate.getName().equals(methodName) && !candidate.isBridge() && candidate.getParameterCount() == 2
                    && candidate.getParameterTypes()[1] == Context.class) {
                return candidate;
            }
        }
        throw new FunctionLoadException(function, "no public method " + methodName + "(event, Context) in " + type.getName());
    }
}
