package dev.catalog.local.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends write requests as a careful API client does: a request that fails with a 5xx answer or
 * on the network is sent again, unchanged, with the same {@code Idempotency-Key} (or the same
 * client command ids in a bulk body), after the {@code Retry-After} the API asks for.
 */
final class RetryingApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** About half a minute of retries: longer than any fault of a chaos run lasts. */
    static final int MAX_ATTEMPTS = 25;
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofMillis(500);
    /** Marks a 5xx kind answered without Retry-After: a client is then left to guess when to come back. */
    static final String WITHOUT_RETRY_AFTER = " without Retry-After";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI apiBaseUri;
    private final String token;
    private final Map<String, AtomicLong> serverErrors = new ConcurrentHashMap<>();
    private final AtomicLong networkErrors = new AtomicLong();

    RetryingApiClient(URI apiBaseUri, String token) {
        this.apiBaseUri = apiBaseUri;
        this.token = token;
    }

    /**
     * The final answer to a request and how many attempts it took.
     *
     * @param status 0 when every attempt failed on the network
     */
    record Answer(int status, JsonNode body, String rawBody, int attempts) {
        boolean accepted() {
            return status == 202;
        }
    }

    Answer send(String method, String path, String body, Optional<String> idempotencyKey) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(apiBaseUri.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        HttpRequest built = request.build();
        int status = 0;
        String answer = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration wait = DEFAULT_RETRY_AFTER;
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
                if (status < 500) {
                    return new Answer(status, parse(answer), answer, attempt);
                }
                Optional<String> retryAfter = response.headers().firstValue("Retry-After");
                serverErrors.computeIfAbsent(status + " " + parse(answer).path("code").asText("(no code)")
                                + (retryAfter.isPresent() ? "" : WITHOUT_RETRY_AFTER), kind -> new AtomicLong())
                        .incrementAndGet();
                wait = retryAfter.map(RetryingApiClient::seconds).orElse(DEFAULT_RETRY_AFTER);
            } catch (IOException e) {
                networkErrors.incrementAndGet();
            }
            Thread.sleep(wait.toMillis());
        }
        return new Answer(status, parse(answer), answer, MAX_ATTEMPTS);
    }

    /** 5xx answers received so far, by status and problem code, each followed by a retry or, after the last attempt, given up. */
    Map<String, Long> serverErrors() {
        Map<String, Long> counts = new TreeMap<>();
        serverErrors.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    long networkErrors() {
        return networkErrors.get();
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
