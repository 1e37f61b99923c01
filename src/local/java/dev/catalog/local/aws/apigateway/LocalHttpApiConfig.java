package dev.catalog.local.aws.apigateway;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How a {@link LocalHttpApi} runs and what it reports in {@code requestContext}.
 *
 * @param port                 port on 127.0.0.1; 0 picks a free one
 * @param apiId                reported as {@code requestContext.apiId}
 * @param accountId            reported as {@code requestContext.accountId}
 * @param clock                stamps {@code requestContext.time} and {@code timeEpoch}
 * @param requestIds           one id per request, reported as {@code requestId} and {@code apigw-requestid}
 * @param workerThreads        requests served at the same time (handlers may block on I/O)
 * @param maxRequestBodyBytes  larger bodies get 413, as the HTTP API payload limit does
 */
public record LocalHttpApiConfig(
        int port,
        String apiId,
        String accountId,
        Clock clock,
        Supplier<String> requestIds,
        int workerThreads,
        long maxRequestBodyBytes) {

    /** The HTTP API payload quota. */
    public static final long HTTP_API_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public LocalHttpApiConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestIds, "requestIds");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be positive: " + workerThreads);
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must not be negative: " + maxRequestBodyBytes);
        }
    }

    /** A dynamic port, the system clock and random request ids. */
    public static LocalHttpApiConfig defaults() {
        return new LocalHttpApiConfig(0, "local", "000000000000", Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), 32, HTTP_API_MAX_BODY_BYTES);
    }

    public LocalHttpApiConfig withPort(int newPort) {
        return new LocalHttpApiConfig(newPort, apiId, accountId, clock, requestIds, workerThreads, maxRequestBodyBytes);
    }

    public LocalHttpApiConfig withIdentity(String newApiId, String newAccountId) {
        return new LocalHttpApiConfig(port, newApiId, newAccountId, clock, requestIds, workerThreads,
                maxRequestBodyBytes);
    }

    public LocalHttpApiConfig withClock(Clock newClock) {
        return new LocalHttpApiConfig(port, apiId, accountId, newClock, requestIds, workerThreads, maxRequestBodyBytes);
    }

    public LocalHttpApiConfig withRequestIds(Supplier<String> newRequestIds) {
        return new LocalHttpApiConfig(port, apiId, accountId, clock, newRequestIds, workerThreads, maxRequestBodyBytes);
    }

    public LocalHttpApiConfig withWorkerThreads(int newWorkerThreads) {
        return new LocalHttpApiConfig(port, apiId, accountId, clock, requestIds, newWorkerThreads, maxRequestBodyBytes);
    }
}
