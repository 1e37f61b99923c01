package dev.catalog.local.aws.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.catalog.local.services.LoopbackHttpServers;
import dev.catalog.local.aws.iam.LocalIam;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one Secrets Manager call the functions make, {@code GetSecretValue}, on the AWS JSON 1.1
 * protocol ({@code X-Amz-Target: secretsmanager.GetSecretValue}) on 127.0.0.1, so the SDK's
 * {@code SecretsManagerClient} works against it unchanged. It holds the secrets the runtime stands
 * in for: the managed admin secret of each Aurora cluster, with the embedded PostgreSQL's superuser
 * in it. Signatures are not checked; any other action is refused by name.
 */
public final class LocalSecretsManager implements AutoCloseable {
    private static final String TARGET_PREFIX = "secretsmanager.";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Clock clock;
    private final LocalIam iam;

    private record Secret(String arn, String name, String value, String versionId, long createdEpochSecond) {
    }

    /**
     * Starts serving at once; port 0 picks a free port. A request signed with a function's key is
     * decided by its role first ({@code secretsmanager:GetSecretValue} on the secret's ARN).
     */
    public LocalSecretsManager(int port, Clock clock, LocalIam iam) throws IOException {
        this.clock = clock;
        this.iam = iam;
        this.server = LoopbackHttpServers.create(new InetSocketAddress("127.0.0.1", port));
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-secretsmanager-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Keeps {@code value} as the secret {@code arn} (its name is the ARN's resource part). */
    public void put(String arn, String value) {
        String name = arn.substring(arn.indexOf(":secret:") + ":secret:".length());
        secrets.put(arn, new Secret(arn, name, value, UUID.randomUUID().toString(), clock.instant().getEpochSecond()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (!"POST".equals(exchange.getRequestMethod()) || !target.startsWith(TARGET_PREFIX)) {
                answer(exchange, 400, error("UnknownOperationException", "expected a POST with X-Amz-Target: secretsmanager.<Action>"));
                return;
            }
            String action = target.substring(TARGET_PREFIX.length());
            if (!action.equals("GetSecretValue")) {
                answer(exchange, 400, error("UnknownOperationException", action + " is not served by the local runtime (only GetSecretValue)"));
                return;
            }
            JsonNode request = json.readTree(body.readAllBytes());
            String secretId = request == null ? "" : request.path("SecretId").asText("");
            Secret secret = secrets.get(secretId);
            if (secret == null) {
                secret = secrets.values().stream().filter(candidate -> candidate.name().equals(secretId)).findFirst().orElse(null);
            }
            // IAM decides before the secret is looked up: a caller who may not read it learns nothing of whether it exists.
            String accessKey = LocalIam.accessKeyOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Optional<String> denial = iam.authorize(accessKey, "secretsmanager:GetSecretValue", secret == null ? secretId : secret.arn()).denial();
            if (denial.isPresent()) {
                answer(exchange, 400, error("AccessDeniedException", denial.get()));
                return;
            }
            if (secret == null) {
                answer(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("ARN", secret.arn());
            value.put("Name", secret.name());
            value.put("VersionId", secret.versionId());
            value.put("SecretString", secret.value());
            value.put("VersionStages", java.util.List.of("AWSCURRENT"));
            value.put("CreatedDate", secret.createdEpochSecond());
            answer(exchange, 200, value);
        }
    }

    private static Map<String, Object> error(String type, String message) {
        return Map.of("__type", type, "message", message);
    }

    private void answer(HttpExchange exchange, int status, Map<String, Object> document) throws IOException {
        byte[] bytes = json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
