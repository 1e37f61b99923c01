package dev.catalog.local.aws.apigateway;

import dev.catalog.local.services.LoopbackHttpServers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for an API Gateway HTTP API (payload format 2.0): it listens on 127.0.0.1,
 * picks a route like the HTTP API does, hands the handler the event Lambda would receive, and
 * turns the handler's answer into the HTTP response, with API Gateway's own error answers.
 *
 * <p>Paths under a local prefix (such as {@code /_local/}) bypass the routes and go to plain JDK
 * handlers, for pages that exist only on the developer's machine.
 */
public final class LocalHttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalHttpApi.class);
    private static final String REQUEST_ID_HEADER = "apigw-requestid";
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final LocalHttpApiConfig config;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpApiEventFactory events;
    private final AtomicReference<RouteTable<RouteBinding>> routes;
    private final Map<String, HttpHandler> localHandlers = new ConcurrentHashMap<>();
    private final List<AnswerObserver> answerObservers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean draining;
    /** Requests being served; {@link #drain} waits for it to reach zero. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();

    private LocalHttpApi(LocalHttpApiConfig config, RouteTable<RouteBinding> routes) throws IOException {
        this.config = config;
        this.routes = new AtomicReference<>(Objects.requireNonNull(routes, "routes"));
        this.events = new HttpApiEventFactory(config.apiId(), config.accountId());
        // Loopback only: the API runs handlers with the developer's credentials and no real authorizer.
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                config.port());
        this.server = LoopbackHttpServers.create(loopback);
        this.workers = Executors.newFixedThreadPool(config.workerThreads(), namedDaemonThreads());
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    /** Binds and starts serving; the server is running when this returns. */
    public static LocalHttpApi start(LocalHttpApiConfig config, RouteTable<RouteBinding> routes) throws IOException {
        LocalHttpApi api = new LocalHttpApi(config, routes);
        api.server.start();
        LOG.info("local HTTP API listening on {}", api.baseUri());
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:49152}, without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Swaps every route at once; requests already running finish on the routes they started with. */
    public void replaceRoutes(RouteTable<RouteBinding> newRoutes) {
        routes.set(Objects.requireNonNull(newRoutes, "newRoutes"));
    }

    public RouteTable<RouteBinding> routes() {
        return routes.get();
    }

    /**
     * Serves every path under {@code prefix} (which must start and end with '/', as in
     * {@code /_local/}) with a plain JDK handler, ahead of the API routes and without the API's
     * limits. The path without its trailing slash goes there too.
     */
    public void addLocalHandler(String prefix, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (prefix == null || prefix.length() < 2 || !prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("local prefix must start and end with '/', such as /_local/: " + prefix);
        }
        localHandlers.put(prefix, handler);
    }

    public void removeLocalHandler(String prefix) {
        localHandlers.remove(prefix);
    }

    /** From now on, {@code observer} sees every answer sent on the routes, after it was sent. */
    public void observeAnswers(AnswerObserver observer) {
        answerObservers.add(Objects.requireNonNull(observer, "observer"));
    }

    /**
     * Stops accepting work: from now on every request is answered 503 (as API Gateway answers when
     * the integration is unavailable), and this waits up to {@code grace} for the requests already
     * running to finish.
     *
     * @return true when none is running any more
     */
    public boolean drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    LOG.warn("local HTTP API: {} requests still running after {} ms of draining", inFlight.get(), grace.toMillis());
                    return false;
                }
                try {
                    idle.wait(remainingMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops listening at once and interrupts requests still running. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("local HTTP API: some requests were still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        // Counted before the check: drain() never sees zero while a request it did not refuse runs.
        inFlight.incrementAndGet();
        try {
            if (draining) {
                refuseWhileDraining(exchange);
            } else {
                serveAccepted(exchange);
            }
        } finally {
            if (inFlight.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    private void refuseWhileDraining(HttpExchange exchange) throws IOException {
        String requestId = config.requestIds().get();
        try {
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] sent = send(exchange, OutgoingResponse.apiGatewayError(503, "Service Unavailable"), requestId);
            exchange.close();
            notifyObservers(exchange, 503, sent);
        } finally {
            exchange.close();
        }
    }

    private void serveAccepted(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        Optional<HttpHandler> localHandler = localHandlerFor(rawPath);
        if (localHandler.isPresent()) {
            localHandler.get().handle(exchange);
            return;
        }
        String requestId = config.requestIds().get();
        Instant receivedAt = config.clock().instant();
        try {
            OutgoingResponse response = answer(exchange, rawPath, requestId, receivedAt);
            byte[] sent = send(exchange, response, requestId);
            // Closed first: the connection goes back to the client before any observer runs.
            exchange.close();
            notifyObservers(exchange, response.statusCode(), sent);
        } catch (IOException e) {
            LOG.debug("local HTTP API: client went away during request {}", requestId, e);
        } finally {
            exchange.close();
        }
    }

    private OutgoingResponse answer(HttpExchange exchange, String rawPath, String requestId, Instant receivedAt)
            throws IOException {
        Optional<byte[]> body = readBodyWithinLimit(exchange);
        if (body.isEmpty()) {
            // The rest of the body is never read, so the connection cannot be reused.
            exchange.getResponseHeaders().set("Connection", "close");
            return OutgoingResponse.apiGatewayError(413, "Request Entity Too Large");
        }
        String method = exchange.getRequestMethod();
        Optional<RouteMatch<RouteBinding>> match = routes.get().match(method, rawPath);
        if (match.isEmpty()) {
            return OutgoingResponse.apiGatewayError(404, "Not Found");
        }
        String rawQuery = Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "");
        IncomingRequest request = new IncomingRequest(method, rawPath, rawQuery, exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), body.get());
        String routeKey = match.get().route().routeKey();
        APIGatewayV2HTTPEvent event;
        try {
            event = events.create(request, match.get(), requestId, receivedAt);
        } catch (IllegalArgumentException e) {
            LOG.info("local HTTP API: malformed query string in request {}: {}", requestId, e.getMessage());
            return OutgoingResponse.apiGatewayError(400, "Bad Request");
        }
        try {
            RouteBinding binding = match.get().target();
            APIGatewayV2HTTPResponse response = binding.interceptor().intercept(event)
                    .orElseGet(() -> binding.handler().handle(event));
            return OutgoingResponse.fromLambda(response);
        } catch (RuntimeException e) {
            // Like API Gateway, the client learns nothing about the failure; the log has it all.
            LOG.error("local HTTP API: route {} failed for request {}", routeKey, requestId, e);
            return OutgoingResponse.apiGatewayError(500, "Internal Server Error");
        }
    }

    /** The body, or empty when it is larger than allowed; never buffers more than the limit. */
    private Optional<byte[]> readBodyWithinLimit(HttpExchange exchange) throws IOException {
        long limit = config.maxRequestBodyBytes();
        String declaredLength = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declaredLength != null) {
            try {
                if (Long.parseLong(declaredLength.trim()) > limit) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                // The server has already framed the request; an unreadable length is left to it.
            }
        }
        int readLimit = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(readLimit);
            return body.length > limit ? Optional.empty() : Optional.of(body);
        }
    }

    private void notifyObservers(HttpExchange exchange, int status, byte[] body) {
        if (answerObservers.isEmpty()) {
            return;
        }
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        Optional<String> routeKey = routes.get().match(method, rawPath).map(match -> match.route().routeKey());
        AnswerObserver.SentAnswer answer = new AnswerObserver.SentAnswer(method, rawPath, routeKey, status,
                Map.copyOf(exchange.getResponseHeaders()), body);
        answerObservers.forEach(observer -> observer.answered(answer));
    }

    /** Sends the answer; returns the body bytes sent. */
    private static byte[] send(HttpExchange exchange, OutgoingResponse response, String requestId) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(header -> headers.add(header.name(), header.value()));
        headers.set(REQUEST_ID_HEADER, requestId);
        int status = response.statusCode();
        boolean bodyAllowed = !exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                && status >= 200 && status != 204 && status != 304;
        byte[] body = bodyAllowed ? response.body() : new byte[0];
        // -1 tells the JDK server "no body"; 0 would mean "chunked, length unknown".
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return body;
    }

    private Optional<HttpHandler> localHandlerFor(String rawPath) {
        String longestPrefix = null;
        for (String prefix : localHandlers.keySet()) {
            boolean applies = rawPath.startsWith(prefix) || rawPath.equals(prefix.substring(0, prefix.length() - 1));
            if (applies && (longestPrefix == null || prefix.length() > longestPrefix.length())) {
                longestPrefix = prefix;
            }
        }
        return Optional.ofNullable(longestPrefix).map(localHandlers::get);
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "local-http-api-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
