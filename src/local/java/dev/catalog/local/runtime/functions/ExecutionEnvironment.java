package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment of a function: a JVM started by AWS's runtime interface client in the
 * extracted artifact, with its own Runtime API endpoint. It runs one invocation at a time and stays
 * warm between them; a timeout or a crash ends it, and the function starts another when needed.
 */
final class ExecutionEnvironment implements AutoCloseable {
    /** Lines of output kept to explain an init failure. */
    private static final int RECENT_LINES = 40;

    private final String functionName;
    private final RuntimeApiEndpoint api;
    private final Process process;
    private final Clock clock;
    private final Deque<String> recentOutput = new ArrayDeque<>();
    private volatile LambdaLogger invocationLogs;
    private Duration init = Duration.ZERO;

    private ExecutionEnvironment(String functionName, RuntimeApiEndpoint api, Process process, Clock clock) {
        this.functionName = functionName;
        this.api = api;
        this.process = process;
        this.clock = clock;
    }

    /**
     * Starts the process and waits until its handler is loaded (its first request for an event).
     *
     * @param logs where every line the process prints goes
     * @param lines also sees every line (metrics in embedded metric format are read from them)
     * @throws FunctionError when init fails ({@code Runtime.BadFunctionCode}, {@code Runtime.ExitError})
     *     or takes longer than {@code initLimit} ({@code Sandbox.Timedout}); the process is stopped
     */
    static ExecutionEnvironment start(String functionName, List<String> command, java.nio.file.Path taskRoot,
                                      Map<String, String> environment, Duration initLimit, Clock clock,
                                      LambdaLogger logs, Consumer<String> lines) throws IOException {
        RuntimeApiEndpoint api = RuntimeApiEndpoint.start(functionName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        // Exactly the function's variables: nothing of this JVM's environment leaks into the sandbox.
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            api.close();
            throw e;
        }
        ExecutionEnvironment started = new ExecutionEnvironment(functionName, api, process, clock);
        started.forward(process.getInputStream(), logs, lines, "stdout");
        started.forward(process.getErrorStream(), logs, lines, "stderr");
        long startNanos = System.nanoTime();
        process.onExit().thenAccept(exited -> api.abandon(new FunctionError(FunctionError.EXIT,
                "Runtime exited with error: exit status " + exited.exitValue()).withOutput(started.recentOutputSummary())));
        try {
            api.initialised().get(initLimit.toMillis(), TimeUnit.MILLISECONDS);
            started.init = Duration.ofNanos(System.nanoTime() - startNanos);
            return started;
        } catch (TimeoutException e) {
            started.close();
            throw new FunctionError("Sandbox.Timedout", "init did not finish within " + initLimit.toSeconds() + " s")
                    .withOutput(started.recentOutputSummary());
        } catch (ExecutionException e) {
            started.close();
            FunctionError error = e.getCause() instanceof FunctionError reported ? reported
                    : new FunctionError("Runtime.Unknown", String.valueOf(e.getCause()));
            // An exit carries the output already; an init/error report arrives before the last lines do.
            throw error.errorType().equals(FunctionError.EXIT) ? error : error.withOutput(started.recentOutputSummary());
        } catch (InterruptedException e) {
            started.close();
            Thread.currentThread().interrupt();
            throw new FunctionError("Runtime.Unknown", "interrupted during init");
        }
    }

    /**
     * Runs one invocation to its answer.
     *
     * @throws FunctionError the function's error, or {@code Sandbox.Timedout} after which this
     *     environment is stopped, as Lambda stops a timed-out one
     */
    byte[] invoke(byte[] event, String requestId, Instant deadline, String functionArn, String traceId, LambdaLogger alsoLogTo) {
        invocationLogs = alsoLogTo;
        CompletableFuture<byte[]> outcome = new CompletableFuture<>();
        try {
            long remaining = Math.max(1, deadline.toEpochMilli() - clock.millis());
            if (!api.assign(new RuntimeApiEndpoint.Assignment(requestId, event, deadline, functionArn, traceId, outcome), remaining)) {
                throw timedOut(deadline);
            }
            return outcome.get(Math.max(1, deadline.toEpochMilli() - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timedOut(deadline);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof FunctionError error ? error : new FunctionError("Runtime.Unknown", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new FunctionError("Runtime.Unknown", "interrupted");
        } finally {
            invocationLogs = null;
        }
    }

    /** From starting the process to its first request for an event: JVM start, runtime client, handler construction. */
    Duration init() {
        return init;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    private FunctionError timedOut(Instant deadline) {
        close();
        return new FunctionError("Sandbox.Timedout", "Task timed out (deadline " + deadline + ")");
    }

    private void forward(InputStream stream, LambdaLogger logs, Consumer<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (recentOutput) {
                        if (recentOutput.size() == RECENT_LINES) {
                            recentOutput.removeFirst();
                        }
                        recentOutput.addLast(line);
                    }
                    logs.log(line + System.lineSeparator());
                    LambdaLogger extra = invocationLogs;
                    if (extra != null) {
                        extra.log(line + System.lineSeparator());
                    }
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process ended; its streams close with it.
            }
        }, functionName + "-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The last lines the process printed, to show with an init error (Lambda shows them in the function's log). */
    private String recentOutputSummary() {
        try {
            // The readers may still be taking in the last lines of a process that just exited.
            process.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (recentOutput) {
            return recentOutput.isEmpty() ? "" : System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", recentOutput);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
