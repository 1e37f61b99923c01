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

    public static FunctionEnvironment fromLambda() {
        return new FunctionEnvironment(CatalogSettings.fromSystemEnvironment(), AwsClients.forLambda(), Clock.systemUTC());
    }
}
