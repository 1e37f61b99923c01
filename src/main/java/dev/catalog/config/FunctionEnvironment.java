package dev.catalog.config;

import dev.catalog.aws.AwsClients;
import dev.catalog.internal.SnapStartPriming;
import java.time.Clock;

/**
 * Everything a handler builds its dependencies from: settings, SDK clients and the clock.
 *
 * <p>Lambda uses {@link #fromLambda()}; the local runtime builds one per function with the
 * function's resolved environment and clients pointed at its emulators.
 */
public record FunctionEnvironment(CatalogSettings settings, AwsClients clients, Clock clock) {

    public static FunctionEnvironment fromLambda() {
        AwsClients clients = AwsClients.forLambda();
        // Before the snapshot, every SDK client is built: the handlers' own priming stops before any
        // AWS call, so it builds none of them, and building them was most of the first request's time.
        SnapStartPriming.register("sdk-clients", clients::buildAll);
        return new FunctionEnvironment(CatalogSettings.fromSystemEnvironment(), clients, Clock.systemUTC());
    }
}
