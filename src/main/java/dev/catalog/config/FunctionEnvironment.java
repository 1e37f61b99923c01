package dev.catalog.config;

import dev.catalog.aws.AwsClients;
import java.time.Clock;

/**
 * Everything a handler builds its dependencies from: settings, SDK clients and the clock.
 *
 * <p>Lambda uses {@link #fromLambda()}; the local runtime builds one per function with the
 * function's resolved environment and clients pointed at its emulators.
 */
public record FunctionEnvironment(CatalogSettings settings, AwsClients clients, Clock clock) {
    private static FunctionEnvironment lambda;

    /** The container's environment as Lambda sets it: read once, whichever dependency asks first. */
    public static synchronized FunctionEnvironment fromLambda() {
        if (lambda == null) {
            lambda = new FunctionEnvironment(CatalogSettings.fromSystemEnvironment(), AwsClients.forLambda(), Clock.systemUTC());
        }
        return lambda;
    }
}
