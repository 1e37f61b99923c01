package dev.catalog.local.devtools;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.catalog.local.runtime.functions.FunctionFailedException;
import dev.catalog.local.runtime.functions.LocalFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The developer pages under {@code /_local/} on the API's port:
 * <ul>
 *   <li>{@code GET /_local/} the live page, {@code GET /_local/status} its data as JSON</li>
 *   <li>{@code POST /_local/redrive?queue=NAME} moves a dead-letter queue back to its source</li>
 *   <li>{@code POST /_local/invoke/FUNCTION} runs a function once with the event in the body and
 *       answers its response, duration and log lines ({@code make invoke}); {@code ?format=text}
 *       for a terminal</li>
 * </ul>
 * Answered only to loopback callers, as the API itself only listens on 127.0.0.1.
 */
public final class DevToolsHandler implements HttpHandler {
    public static final String PREFIX = "/_local/";
    private static final Logger LOG = LoggerFactory.getLogger(DevToolsHandler.class);
    private static final String PAGE = "page.html";

    private final PipelineStatus status;
    private final SqsClient sqs;
    private final Function<String, Optional<LocalFunction>> functions;
    private final ObjectMapper json;
    private final ConsoleOutput console;

    public DevToolsHandler(PipelineStatus status, SqsClient sqs, Function<String, Optional<LocalFunction>> functions,
                           ObjectMapper json, ConsoleOutput console) {
        this.status = status;
        this.sqs = sqs;
        this.functions = functions;
        this.json = json;
        this.console = console;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                send(exchange, 403, "text/plain", "local pages answer loopback callers only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String rest = path.length() <= PREFIX.length() ? "" : path.substring(PREFIX.length());
            if (method.equals("GET") && (rest.isEmpty() || rest.equals("index.html"))) {
                if (!path.endsWith("/") && rest.isEmpty()) {
                    exchange.getResponseHeaders().set("Location", PREFIX);
                    send(exchange, 302, "text/plain", "");
                    return;
                }
                send(exchange, 200, "text/html; charset=utf-8", page());
            } else if (method.equals("GET") && rest.equals("status")) {
                send(exchange, 200, "application/json", json.writeValueAsString(status.read()));
            } else if (method.equals("POST") && rest.equals("redrive")) {
                redrive(exchange);
            } else if (method.equals("POST") && rest.startsWith("invoke/")) {
                invoke(exchange, rest.substring("invoke/".length()));
            } else {
                send(exchange, 404, "text/plain", "no local page " + path + " (try GET " + PREFIX + ")");
            }
        } catch (RuntimeException e) {
            LOG.error("local page {} failed", exchange.getRequestURI().getPath(), e);
            send(exchange, 500, "text/plain", "failed: " + e);
        }
    }

    private void redrive(HttpExchange exchange) throws IOException {
        String deadLetterQueue = query(exchange).get("queue");
        if (deadLetterQueue == null || deadLetterQueue.isBlank()) {
            send(exchange, 400, "text/plain", "name the dead-letter queue: ?queue=NAME");
            return;
        }
        String deadLetterUrl;
        try {
            deadLetterUrl = sqs.getQueueUrl(request -> request.queueName(deadLetterQueue)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            send(exchange, 404, "text/plain", "no queue " + deadLetterQueue);
            return;
        }
        String deadLetterArn = sqs.getQueueAttributes(request -> request.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        Optional<String> sourceUrl = sourceOf(deadLetterArn);
        if (sourceUrl.isEmpty()) {
            send(exchange, 409, "text/plain", deadLetterQueue + " is no queue's dead-letter queue");
            return;
        }
        QueueRedrive.Result result = new QueueRedrive(sqs).redrive(deadLetterUrl, sourceUrl.get());
        console.notice("redrive " + deadLetterQueue + ": " + result.moved() + " message(s) moved back"
                + (result.complete() ? "" : "; stopped: " + result.failure()));
        ObjectNode answer = json.createObjectNode();
        answer.put("queue", deadLetterQueue);
        answer.put("source", sourceUrl.get().substring(sourceUrl.get().lastIndexOf('/') + 1));
        answer.put("moved", result.moved());
        answer.set("messageIds", json.valueToTree(result.movedMessageIds()));
        answer.put("failure", result.failure());
        send(exchange, result.complete() ? 200 : 502, "application/json", json.writeValueAsString(answer));
    }

    /** The queue whose redrive policy names this dead-letter queue. */
    private Optional<String> sourceOf(String deadLetterArn) {
        for (String url : sqs.listQueues().queueUrls()) {
            String policy = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY);
            if (policy == null || policy.isBlank()) {
                continue;
            }
            try {
                if (deadLetterArn.equals(json.readTree(policy).path("deadLetterTargetArn").asText())) {
                    return Optional.of(url);
                }
            } catch (IOException e) {
                // An unreadable policy names no queue.
            }
        }
        return Optional.empty();
    }

    private void invoke(HttpExchange exchange, String name) throws IOException {
        Optional<LocalFunction> function = functions.apply(name);
        if (function.isEmpty()) {
            send(exchange, 404, "text/plain", "no function " + name + "\n");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        // The same deserialisation (aws-lambda-java-serialization) Lambda's Java runtime uses; it reads files.
        Path eventFile = Files.createTempFile("invoke-" + name, ".json");
        Object event;
        try {
            Files.write(eventFile, body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
            event = EventLoader.loadEvent(eventFile.toString(), function.get().eventType());
        } catch (RuntimeException e) {
            send(exchange, 400, "text/plain", "the event is not a " + function.get().eventType().getSimpleName() + ": " + e.getMessage());
            return;
        } finally {
            Files.deleteIfExists(eventFile);
        }
        StringBuilder logs = new StringBuilder();
        LambdaLogger capture = new LambdaLogger() {
            @Override
            public synchronized void log(String message) {
                logs.append(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
        long startNanos = System.nanoTime();
        Object response = null;
        String error = null;
        int batchSize = event instanceof com.amazonaws.services.lambda.runtime.events.SQSEvent sqsEvent && sqsEvent.getRecords() != null
                ? sqsEvent.getRecords().size() : 1;
        try {
            response = function.get().invoke("invoke", batchSize, event, capture);
        } catch (FunctionFailedException e) {
            error = String.valueOf(e.getCause());
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        ObjectNode answer = json.createObjectNode();
        answer.put("function", name);
        answer.put("durationMs", millis);
        answer.put("outcome", error == null ? "ok" : "error");
        answer.set("response", response == null ? null : json.valueToTree(response));
        answer.put("error", error);
        answer.put("logs", logs.toString());
        int statusCode = error == null ? 200 : 500;
        if ("text".equals(query(exchange).get("format"))) {
            send(exchange, statusCode, "text/plain; charset=utf-8", asText(answer));
        } else {
            send(exchange, statusCode, "application/json", json.writeValueAsString(answer));
        }
    }

    private String asText(ObjectNode answer) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(answer.get("function").asText()).append(": ").append(answer.get("outcome").asText()).append(" in ")
                .append(answer.get("durationMs").asLong()).append(" ms\n");
        text.append("--- logs\n").append(answer.get("logs").asText());
        if (!answer.get("logs").asText().isEmpty() && !answer.get("logs").asText().endsWith("\n")) {
            text.append('\n');
        }
        JsonNode response = answer.get("response");
        if (response != null && !response.isNull()) {
            text.append("--- response\n").append(json.writerWithDefaultPrettyPrinter().writeValueAsString(response)).append('\n');
        }
        if (!answer.get("error").isNull()) {
            text.append("--- error\n").append(answer.get("error").asText()).append('\n');
        }
        return text.toString();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> parameters = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.put(key, value);
            }
        }
        return parameters;
    }

    private static String page() throws IOException {
        try (InputStream in = DevToolsHandler.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException(PAGE + " is missing from the classpath next to " + DevToolsHandler.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
