package dev.catalog.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the local runtime.
 *
 * @param serverlessYml the service definition to read (the project's own by default)
 * @param stage the stage, as {@code --stage}; empty means serverless.yml's default
 * @param apiPort the HTTP API port ({@code CATALOG_PORT}, default 3000; 0 picks a free one)
 * @param retryDelay when present, failed SQS messages return after this delay instead of the
 *     queue's visibility timeout, for fast feedback; absent means exactly as on AWS
 */
public record LocalOptions(Path serverlessYml, Optional<String> stage, int apiPort, Optional<Duration> retryDelay) {
    public static final int DEFAULT_API_PORT = 3000;

    public static LocalOptions defaults() {
        return new LocalOptions(Path.of("serverless.yml"), Optional.empty(), DEFAULT_API_PORT, Optional.empty());
    }

    public LocalOptions withApiPort(int port) {
        return new LocalOptions(serverlessYml, stage, port, retryDelay);
    }

    public LocalOptions withRetryDelay(Duration delay) {
        return new LocalOptions(serverlessYml, stage, apiPort, Optional.of(delay));
    }

    public LocalOptions withServerlessYml(Path file) {
        return new LocalOptions(file, stage, apiPort, retryDelay);
    }

    /** Reads {@code --stage NAME}, {@code --port N}, {@code --retry-delay SECONDS}, {@code --config FILE}. */
    public static LocalOptions parse(String[] args, Optional<String> portFromEnvironment) {
        LocalOptions options = defaults();
        if (portFromEnvironment.isPresent()) {
            options = options.withApiPort(Integer.parseInt(portFromEnvironment.get()));
        }
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--stage" -> options = new LocalOptions(options.serverlessYml, Optional.of(require(args[i], value)), options.apiPort, options.retryDelay);
                case "--port" -> options = options.withApiPort(Integer.parseInt(require(args[i], value)));
                case "--retry-delay" -> options = options.withRetryDelay(Duration.ofSeconds(Long.parseLong(require(args[i], value))));
                case "--config" -> options = options.withServerlessYml(Path.of(require(args[i], value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --stage NAME, --port N, --retry-delay SECONDS, --config FILE)");
            }
            i++;
        }
        return options;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
