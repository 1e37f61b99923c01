package dev.catalog.local.runtime;

import dev.catalog.local.devtools.Verbosity;
import dev.catalog.local.runtime.faults.FaultInjection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How to run the local runtime.
 *
 * @param serverlessYml the service definition to read (the project's own by default)
 * @param stage the stage, as {@code --stage}; empty means serverless.yml's default
 * @param apiPort the HTTP API port ({@code CATALOG_PORT}, default 3000; 0 picks a free one)
 * @param retryDelay when present, failed SQS messages return after this delay instead of the
 *     queue's visibility timeout, for fast feedback; absent means exactly as on AWS
 * @param verbosity how much the console shows ({@code --quiet}, {@code --verbose})
 * @param hotReloadClasses when present, the handlers are loaded from this compile output
 *     directory and loaded again whenever a compile changes it
 * @param requestInterceptor when present, sees every AWS request of every SDK client the runtime
 *     builds (the functions' and its own), for counting; absent normally
 * @param functionMode how the functions run: in this JVM, or from the packaged artifact as Lambda runs them
 * @param faults the failures to inject, for fault tests and the chaos suite; {@link FaultInjection#NONE} normally
 * @param snsPublishRate when present, the local SNS answers {@code Throttled} to publishes beyond this many
 *     messages a second per topic ({@code --sns-publish-rate}), as SNS does above its quota; absent: no limit
 */
public record LocalOptions(Path serverlessYml, Optional<String> stage, int apiPort, Optional<Duration> retryDelay,
                           Verbosity verbosity, Optional<Path> hotReloadClasses, Optional<ExecutionInterceptor> requestInterceptor,
                           FunctionMode functionMode, FaultInjection faults, Optional<Double> snsPublishRate) {
    public static final int DEFAULT_API_PORT = 3000;
    /** Where Maven compiles the handlers; watched by {@code make local}. */
    public static final Path COMPILED_HANDLERS = Path.of("target", "classes");
    /** The Lambda artifact {@code make build} writes; the Lambda runtime tier runs it. */
    public static final Path LAMBDA_ARTIFACT = Path.of("target", "catalog-lambda.jar");

    /** How the runtime runs a function. */
    public enum FunctionMode {
        /** Handlers built in the runtime's JVM from the class path (fast, hot reload). */
        IN_PROCESS("in-process"),
        /** The packaged artifact in one JVM per execution environment, through AWS's runtime interface client. */
        LAMBDA_RUNTIME("lambda");

        private final String option;

        FunctionMode(String option) {
            this.option = option;
        }

        /** As {@code --mode} takes it. */
        public String option() {
            return option;
        }

        static FunctionMode parse(String value) {
            for (FunctionMode mode : values()) {
                if (mode.option.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("--mode takes in-process or lambda, not " + value);
        }
    }

    public static LocalOptions defaults() {
        return new LocalOptions(Path.of("serverless.yml"), Optional.empty(), DEFAULT_API_PORT, Optional.empty(),
                Verbosity.NORMAL, Optional.empty(), Optional.empty(), FunctionMode.IN_PROCESS, FaultInjection.NONE, Optional.empty());
    }

    public LocalOptions withApiPort(int port) {
        return new LocalOptions(serverlessYml, stage, port, retryDelay, verbosity, hotReloadClasses, requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withRetryDelay(Duration delay) {
        return new LocalOptions(serverlessYml, stage, apiPort, Optional.of(delay), verbosity, hotReloadClasses, requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withServerlessYml(Path file) {
        return new LocalOptions(file, stage, apiPort, retryDelay, verbosity, hotReloadClasses, requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withStage(String name) {
        return new LocalOptions(serverlessYml, Optional.of(name), apiPort, retryDelay, verbosity, hotReloadClasses, requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withVerbosity(Verbosity level) {
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, level, hotReloadClasses, requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withHotReload(Path compiledClasses) {
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, Optional.of(compiledClasses), requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withoutHotReload() {
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, Optional.empty(), requestInterceptor, functionMode, faults, snsPublishRate);
    }

    public LocalOptions withRequestInterceptor(ExecutionInterceptor interceptor) {
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, hotReloadClasses, Optional.of(interceptor), functionMode, faults, snsPublishRate);
    }

    /** Runs the functions in {@code mode}; the Lambda runtime tier has no hot reload (its code is the artifact). */
    public LocalOptions withFunctionMode(FunctionMode mode) {
        Optional<Path> reload = mode == FunctionMode.LAMBDA_RUNTIME ? Optional.empty() : hotReloadClasses;
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, reload, requestInterceptor, mode, faults, snsPublishRate);
    }

    /** The local SNS throttles each topic above {@code messagesPerSecond} (a second's worth may arrive at once). */
    public LocalOptions withSnsPublishRate(double messagesPerSecond) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("--sns-publish-rate takes a positive number of messages a second, not " + messagesPerSecond);
        }
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, hotReloadClasses, requestInterceptor, functionMode,
                faults, Optional.of(messagesPerSecond));
    }

    /** Injects {@code injection}'s failures into the running pipeline. */
    public LocalOptions withFaults(FaultInjection injection) {
        return new LocalOptions(serverlessYml, stage, apiPort, retryDelay, verbosity, hotReloadClasses, requestInterceptor, functionMode, injection, snsPublishRate);
    }

    /**
     * Reads {@code --stage NAME}, {@code --port N}, {@code --retry-delay SECONDS}, {@code --config FILE},
     * {@code --quiet}, {@code --verbose}, {@code --hot-reload DIR}, {@code --no-hot-reload}, {@code --mode in-process|lambda}
     * and {@code --sns-publish-rate MESSAGES_PER_SECOND}.
     * Hot reload of {@link #COMPILED_HANDLERS} is on unless turned off.
     */
    public static LocalOptions parse(String[] args, Optional<String> portFromEnvironment) {
        LocalOptions options = defaults().withHotReload(COMPILED_HANDLERS);
        if (portFromEnvironment.isPresent()) {
            options = options.withApiPort(Integer.parseInt(portFromEnvironment.get()));
        }
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--stage" -> options = options.withStage(require(args[i], value));
                case "--port" -> options = options.withApiPort(Integer.parseInt(require(args[i], value)));
                case "--retry-delay" -> options = options.withRetryDelay(Duration.ofSeconds(Long.parseLong(require(args[i], value))));
                case "--config" -> options = options.withServerlessYml(Path.of(require(args[i], value)));
                case "--hot-reload" -> options = options.withHotReload(Path.of(require(args[i], value)));
                case "--mode" -> options = options.withFunctionMode(FunctionMode.parse(require(args[i], value)));
                case "--sns-publish-rate" -> options = options.withSnsPublishRate(Double.parseDouble(require(args[i], value)));
                case "--quiet" -> {
                    options = options.withVerbosity(Verbosity.QUIET);
                    continue;
                }
                case "--verbose" -> {
                    options = options.withVerbosity(Verbosity.VERBOSE);
                    continue;
                }
                case "--no-hot-reload" -> {
                    options = options.withoutHotReload();
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --stage NAME, --port N, --retry-delay SECONDS, --config FILE, --quiet, --verbose,"
                        + " --hot-reload DIR, --no-hot-reload, --mode in-process|lambda, --sns-publish-rate N)");
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
