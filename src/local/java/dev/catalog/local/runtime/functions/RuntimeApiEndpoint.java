package dev.catalog.local.runtime.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.catalog.local.services.LoopbackHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment: what Lambda's
 * runtime interface client talks to inside a function's sandbox. The client asks for its next
 * event ({@code GET invocation/next}, held open until there is one), then posts the handler's
 * answer or error; a handler that cannot be loaded is reported once on {@code init/error}. With
 * SnapStart the client runs its before-checkpoint hooks, then asks {@code restore/next} before the first event.
 *
 * <p>One endpoint serves one process, so it hands out one invocation at a time, as Lambda does.
 */
final class RuntimeApiEndpoint implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime/";

    /** An event handed to the process, and where its outcome goes. */
    record Assignment(String requestId, byte[] event, Instant deadline, String functionArn, String traceId,
                      CompletableFuture<byte[]> outcome) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final SynchronousQueue<Assignment> assignments = new SynchronousQueue<>();
    private final Map<String, Assignment> inFlight = new ConcurrentHashMap<>();
    /** Completes when the process first asks for an event (its init is done) or reports an init error. */
    private final CompletableFuture<Void> initialised = new CompletableFuture<>();

    private RuntimeApiEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static RuntimeApiEndpoint start(String functionName) throws IOException {
        HttpServer server = LoopbackHttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        // The held-open next request takes a thread; the answer to it arrives on another.
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "runtime-api-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
        RuntimeApiEndpoint endpoint = new RuntimeApiEndpoint(server, threads);
        server.setExecutor(threads);
        server.createContext(PREFIX, endpoint::handle);
        server.start();
        return endpoint;
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    CompletableFuture<Void> initialised() {
        return initialised;
    }

    /**
     * Hands an event to the process once it asks for one.
     *
     * @return false when the process did not ask within {@code waitMillis}
     */
    boolean assign(Assignment assignment, long waitMillis) throws InterruptedException {
        inFlight.put(assignment.requestId(), assignment);
        if (assignments.offer(assignment, waitMillis, TimeUnit.MILLISECONDS)) {
            return true;
        }
        inFlight.remove(assignment.requestId());
        return false;
    }

    /** Fails what the process still owes an answer for: it is gone. */
    void abandon(RuntimeException reason) {
        initialised.completeExceptionally(reason);
        inFlight.values().forEach(assignment -> assignment.outcome().completeExceptionally(reason));
        inFlight.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // SnapStart: the client ran its before-checkpoint hooks (priming); there is no snapshot to take here.
                reply(exchange, 200);
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                initialised.completeExceptionally(FunctionError.from(exchange.getRequestHeaders().getFirst(FunctionError.TYPE_HEADER), body));
                reply(exchange, 202);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(exchange, path, "/response", assignment -> assignment.outcome().complete(body));
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                FunctionError error = FunctionError.from(exchange.getRequestHeaders().getFirst(FunctionError.TYPE_HEADER), body);
                complete(exchange, path, "/error", assignment -> assignment.outcome().completeExceptionally(error));
            } else {
                reply(exchange, 404);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        initialised.complete(null);
        Assignment assignment;
        try {
            assignment = assignments.take();
        } catch (InterruptedException e) {
            // The environment is being shut down while the client waits for an event.
            Thread.currentThread().interrupt();
            reply(exchange, 500);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", assignment.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", String.valueOf(assignment.deadline().toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", assignment.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", assignment.traceId());
        exchange.sendResponseHeaders(200, assignment.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(assignment.event());
        }
    }

    private void complete(HttpExchange exchange, String path, String suffix, java.util.function.Consumer<Assignment> outcome) throws IOException {
        String requestId = path.substring("invocation/".length(), path.length() - suffix.length());
        Assignment assignment = inFlight.remove(requestId);
        if (assignment == null) {
            // As Lambda: an unknown or already answered request id.
            reply(exchange, 400);
            return;
        }
        outcome.accept(assignment);
        reply(exchange, 202);
    }

    private static void reply(HttpExchange exchange, int status) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
