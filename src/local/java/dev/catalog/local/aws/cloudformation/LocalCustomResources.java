package dev.catalog.local.aws.cloudformation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.catalog.local.services.LoopbackHttpServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates custom resources as CloudFormation does: a {@code Create} request of CloudFormation's shape
 * to the resource's function, through the same path as every other trigger (the runtime's
 * {@link ResourceFunction}, so in-process and from the packaged artifact alike), and the function's answer taken from a PUT to
 * the request's {@code ResponseURL}, which points at this loopback endpoint instead of S3.
 */
public final class LocalCustomResources implements AutoCloseable {
    static final String RESPONSE_PATH = "/cloudformation-responses/";
    /** After the function returned, how long its answer may still take to arrive. */
    private static final Duration LATE_ANSWER = Duration.ofSeconds(5);

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, CompletableFuture<Map<String, Object>>> waiting = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final String stackId;

    /** The answer of a created resource. */
    public record Created(String logicalId, String type, String functionName, String physicalResourceId, Map<String, String> data) {
    }

    public LocalCustomResources(String region, String accountId, String stackName) throws IOException {
        this.stackId = "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/" + UUID.randomUUID();
        this.server = LoopbackHttpServers.create(new InetSocketAddress("127.0.0.1", 0));
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-cloudformation-responses");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext(RESPONSE_PATH, this::answer);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The response URL of a request, which waits for its PUT; {@link #awaitResponse} takes the answer. */
    public URI responseUrl(String requestId) {
        waiting.putIfAbsent(requestId, new CompletableFuture<>());
        return endpoint.resolve(RESPONSE_PATH + requestId);
    }

    /** The body PUT to {@link #responseUrl(String)} of {@code requestId}. */
    public Map<String, Object> awaitResponse(String requestId, Duration timeout) throws TimeoutException {
        CompletableFuture<Map<String, Object>> answer = waiting.computeIfAbsent(requestId, ignored -> new CompletableFuture<>());
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a custom resource", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(requestId);
        }
    }

    public String stackId() {
        return stackId;
    }

    /**
     * Sends the resource's {@code Create} request to its function and waits for the answer.
     *
     * @throws CustomResourceFailedException with CloudFormation's {@code Reason} when the answer is
     *     {@code FAILED}, or when the function failed or never answered
     */
    public Created create(CustomResource resource, ResourceFunction function) {
        return send(resource, function, aim(Map.of("RequestType", "Create"), resource));
    }

    /**
     * A sample request ({@code events/}) for {@code resource}, aimed here: the resource's local
     * properties, a new RequestId, this runtime's StackId and a ResponseURL of this endpoint; its
     * RequestType, PhysicalResourceId and OldResourceProperties as the sample has them.
     */
    public Map<String, Object> aim(Map<String, Object> sample, CustomResource resource) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> request = new LinkedHashMap<>(sample);
        request.put("ServiceToken", resource.serviceToken());
        request.put("ResponseURL", responseUrl(requestId).toString());
        request.put("StackId", stackId);
        request.put("RequestId", requestId);
        request.put("LogicalResourceId", resource.logicalId());
        request.put("ResourceType", resource.type());
        request.put("ResourceProperties", asCloudFormationSendsThem(resource.properties()));
        if (request.containsKey("OldResourceProperties")) {
            request.put("OldResourceProperties", asCloudFormationSendsThem(resource.properties()));
        }
        return request;
    }

    /**
     * Sends {@code request} (of {@link #aim}) to the function and waits for its answer.
     *
     * @throws CustomResourceFailedException as {@link #create}
     */
    public Created send(CustomResource resource, ResourceFunction function, Map<String, Object> request) {
        String requestId = String.valueOf(request.get("RequestId"));
        try {
            function.invoke(request);
        } catch (Exception e) {
            waiting.remove(requestId);
            throw new CustomResourceFailedException(resource.logicalId(), resource.type(),
                    "function " + resource.functionName() + " failed without answering: " + e.getMessage());
        }
        Map<String, Object> response;
        try {
            response = awaitResponse(requestId, LATE_ANSWER);
        } catch (TimeoutException e) {
            throw new CustomResourceFailedException(resource.logicalId(), resource.type(), "function " + resource.functionName()
                    + " returned without a PUT to the ResponseURL (CloudFormation would wait an hour, then roll back)");
        }
        for (String key : List.of("StackId", "RequestId", "LogicalResourceId")) {
            if (!String.valueOf(request.get(key)).equals(String.valueOf(response.get(key)))) {
                throw new CustomResourceFailedException(resource.logicalId(), resource.type(),
                        "the response's " + key + " is " + response.get(key) + ", not the request's " + request.get(key));
            }
        }
        String status = String.valueOf(response.get("Status"));
        if (!status.equals("SUCCESS")) {
            throw new CustomResourceFailedException(resource.logicalId(), resource.type(),
                    "Status " + status + ": " + response.getOrDefault("Reason", "(no Reason)"));
        }
        Object physicalId = response.get("PhysicalResourceId");
        if (physicalId == null || String.valueOf(physicalId).isBlank()) {
            throw new CustomResourceFailedException(resource.logicalId(), resource.type(), "the response has no PhysicalResourceId");
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (response.get("Data") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> data.put(String.valueOf(key), String.valueOf(value)));
        }
        return new Created(resource.logicalId(), resource.type(), resource.functionName(), String.valueOf(physicalId), data);
    }

    /** CloudFormation sends every scalar property as a string. */
    private static Object asCloudFormationSendsThem(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> strings = new LinkedHashMap<>();
            map.forEach((key, inner) -> strings.put(String.valueOf(key), asCloudFormationSendsThem(inner)));
            return strings;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LocalCustomResources::asCloudFormationSendsThem).toList();
        }
        return value == null ? null : String.valueOf(value);
    }

    /** S3 answers a presigned PUT with 200; a URL nobody issued gets 403, as a bad signature would. */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String requestId = exchange.getRequestURI().getPath().substring(RESPONSE_PATH.length());
            CompletableFuture<Map<String, Object>> pending = waiting.get(requestId);
            if (!"PUT".equals(exchange.getRequestMethod()) || pending == null) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            byte[] bytes = body.readAllBytes();
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> response = json.readValue(bytes, Map.class);
                pending.complete(response);
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                pending.completeExceptionally(new IllegalStateException("the response is not a JSON object: " + e.getMessage()));
                exchange.sendResponseHeaders(400, -1);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
