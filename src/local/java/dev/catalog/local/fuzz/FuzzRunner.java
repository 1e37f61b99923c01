package dev.catalog.local.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.LocalRuntime;
import dev.catalog.local.auth.LocalJwtAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends generated bad requests to a running local pipeline and counts how they were answered,
 * and how many messages reached the commands topic meanwhile (there must be none).
 */
public final class FuzzRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new java.util.HashMap<>();

    /** What happened to the requests of one run. */
    public record Report(int sent, int problemJson, int gatewayRejections, int otherClientErrors, List<String> serverErrors,
                         List<String> accepted, long published, Map<String, Integer> byKind) {

        public boolean passed() {
            return serverErrors.isEmpty() && accepted.isEmpty() && published == 0;
        }

        public String summary() {
            return String.format("sent %d bad requests: %d answered 4xx problem+json, %d refused by the gateway (401/404/413),"
                            + " %d other 4xx, %d 5xx, %d accepted, %d messages published%n  by kind: %s%s",
                    sent, problemJson, gatewayRejections, otherClientErrors, serverErrors.size(), accepted.size(), published, byKind,
                    serverErrors.isEmpty() && accepted.isEmpty() ? "" : System.lineSeparator() + "  failures: "
                            + serverErrors.stream().limit(10).toList() + accepted.stream().limit(10).toList());
        }
    }

    public FuzzRunner(LocalRuntime runtime) {
        this.runtime = runtime;
        LocalJwtAuthority authority = runtime.authorizer("catalogJwt");
        LocalJwtAuthority stranger = new LocalJwtAuthority(issuerOf(authority), List.of("catalog-api"), Clock.systemUTC());
        tokens.put("editor", runtime.tokens().get("editor"));
        tokens.put("forged", stranger.mint("local-editor", List.of("editor"), Duration.ofHours(1)));
        tokens.put("expired", authority.sign(claims(issuerOf(authority), "catalog-api", -3600)));
        tokens.put("foreign-audience", authority.sign(claims(issuerOf(authority), "another-api", 3600)));
        String unsignedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String unsignedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(issuerOf(authority), "catalog-api", 3600).toString().getBytes(StandardCharsets.UTF_8));
        tokens.put("unsigned", unsignedHeader + "." + unsignedClaims + ".");
        tokens.put("garbage", "abc.def.ghi");
    }

    public Report run(List<FuzzRequest> requests) throws Exception {
        String commandsTopic = runtime.clients().sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.contains("-commands.fifo")).findFirst().orElseThrow();
        long publishedBefore = runtime.sns().publishedCount(commandsTopic);
        int problemJson = 0;
        int gateway = 0;
        int other = 0;
        List<String> serverErrors = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (FuzzRequest request : requests) {
            byKind.merge(request.kind(), 1, Integer::sum);
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            String contentType = response.headers().firstValue("content-type").orElse("");
            if (status >= 500) {
                serverErrors.add(request.kind() + " " + request.method() + " " + request.path() + " → " + status);
            } else if (status < 400) {
                accepted.add(request.kind() + " " + request.method() + " " + request.path() + " → " + status + " " + response.body());
            } else if (contentType.startsWith("application/problem+json")) {
                problemJson++;
            } else if (List.of(401, 404, 413).contains(status) && response.body().startsWith("{\"message\":")) {
                gateway++;
            } else {
                other++;
            }
        }
        Thread.sleep(500);
        long published = runtime.sns().publishedCount(commandsTopic) - publishedBefore;
        return new Report(requests.size(), problemJson, gateway, other, serverErrors, accepted, published, byKind);
    }

    private HttpResponse<String> send(FuzzRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + request.path())).timeout(Duration.ofSeconds(10));
        String token = tokens.get(request.token());
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        request.headers().forEach(builder::header);
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode claims(String issuer, String audience, long expiresInSeconds) {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("iss", issuer).put("aud", audience).put("sub", "local-editor")
                .put("iat", now).put("exp", now + expiresInSeconds);
        claims.putArray("roles").add("editor");
        return claims;
    }

    private static String issuerOf(LocalJwtAuthority authority) {
        return authority.issuer();
    }
}
