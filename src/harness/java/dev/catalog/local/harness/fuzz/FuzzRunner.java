package dev.catalog.local.harness.fuzz;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.aws.apigateway.LocalJwtAuthority;
import dev.catalog.local.harness.fuzz.FuzzRequest.Expected;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Sends generated bad requests to a running local pipeline and counts how they were answered,
 * and how many messages reached the commands topic meanwhile (there must be none).
 */
public final class FuzzRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new java.util.HashMap<>();

    /**
     * What happened to the requests of one run. The rules: no 5xx; no bad request accepted; every
     * accepted command completes, none failing validation after it was accepted; nothing published
     * for a 4xx; every invocation through the invoke endpoint ends without a function error.
     */
    public record Report(int sent, int problemJson, int gatewayRejections, int otherClientErrors, List<String> serverErrors,
                         List<String> accepted, int acceptedAndCompleted, List<String> acceptedThenLost,
                         List<String> publishedOnRefusal, long published, int cleanInvocations, List<String> functionErrors,
                         int importsReported, List<String> importsMisreported, Map<String, Integer> byKind) {

        public boolean passed() {
            return brokenRules().isEmpty();
        }

        /** Each broken rule with its count, as the last line names them. */
        public List<String> brokenRules() {
            List<String> broken = new ArrayList<>();
            if (!serverErrors.isEmpty()) {
                broken.add(serverErrors.size() + " × 5xx");
            }
            if (!accepted.isEmpty()) {
                broken.add(accepted.size() + " bad requests accepted");
            }
            if (!acceptedThenLost.isEmpty()) {
                broken.add(acceptedThenLost.size() + " accepted then lost or refused");
            }
            if (!publishedOnRefusal.isEmpty()) {
                broken.add(publishedOnRefusal.size() + " published on a 4xx");
            }
            if (!functionErrors.isEmpty()) {
                broken.add(functionErrors.size() + " function errors on foreign events");
            }
            if (!importsMisreported.isEmpty()) {
                broken.add(importsMisreported.size() + " imports without a reply or with a bad row not reported");
            }
            return broken;
        }

        public String summary() {
            List<String> failures = new ArrayList<>();
            for (List<String> findings : List.of(serverErrors, accepted, acceptedThenLost, publishedOnRefusal, functionErrors,
                    importsMisreported)) {
                findings.stream().limit(5).forEach(finding -> failures.add("  failure: " + finding));
            }
            return String.format("sent %d requests: %d answered 4xx problem+json, %d refused by the gateway (401/404/413),"
                            + " %d other 4xx, %d 5xx, %d bad accepted, %d accepted and completed, %d accepted then lost,"
                            + " %d published on a 4xx (%d messages published in all); %d foreign events invoked cleanly,"
                            + " %d function errors; %d import files with every bad row reported, %d not%n  by kind: %s%s",
                    sent, problemJson, gatewayRejections, otherClientErrors, serverErrors.size(), accepted.size(), acceptedAndCompleted,
                    acceptedThenLost.size(), publishedOnRefusal.size(), published, cleanInvocations, functionErrors.size(),
                    importsReported, importsMisreported.size(), byKind,
                    failures.isEmpty() ? "" : System.lineSeparator() + String.join(System.lineSeparator(), failures));
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

    /** The functions an SQS queue triggers, to feed foreign events to. */
    public static List<String> sqsFunctions(LocalRuntime runtime) {
        return runtime.handlers().keySet().stream()
                .filter(name -> runtime.function(name).map(function -> function.eventType() == SQSEvent.class).orElse(false))
                .sorted().toList();
    }

    public Report run(List<FuzzRequest> requests) throws Exception {
        String commandsTopic = runtime.clients().sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.contains("-commands.fifo")).findFirst().orElseThrow();
        long publishedBefore = runtime.sns().publishedCount(commandsTopic);
        int problemJson = 0;
        int gateway = 0;
        int other = 0;
        int cleanInvocations = 0;
        long publishedForAccepted = 0;
        List<String> serverErrors = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        List<String> publishedOnRefusal = new ArrayList<>();
        List<String> functionErrors = new ArrayList<>();
        Map<String, String> toComplete = new LinkedHashMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        List<FuzzRequest> importFiles = new ArrayList<>();
        for (FuzzRequest request : requests) {
            byKind.merge(request.kind(), 1, Integer::sum);
            if (request.expected() == Expected.ROWS_REPORTED) {
                // Last, when no refused request is counted any more: an import publishes while it runs.
                importFiles.add(request);
                continue;
            }
            String what = request.kind() + " " + request.method() + " " + request.path().substring(0, Math.min(120, request.path().length()));
            long publishedBeforeRequest = runtime.sns().publishedCount(commandsTopic);
            HttpResponse<String> response = send(request);
            long publishedByRequest = runtime.sns().publishedCount(commandsTopic) - publishedBeforeRequest;
            int status = response.statusCode();
            String contentType = response.headers().firstValue("content-type").orElse("");
            if (request.expected() == Expected.CLEAN_INVOCATION) {
                JsonNode answer = status == 200 || status == 500 ? readOrNull(response.body()) : null;
                if (status == 200 && answer != null && "ok".equals(answer.path("outcome").asText())) {
                    cleanInvocations++;
                } else {
                    functionErrors.add(what + " → " + status + " " + (answer == null ? abbreviated(response.body())
                            : answer.path("outcome").asText() + ": " + abbreviated(answer.path("error").asText())));
                }
                continue;
            }
            if (status >= 500) {
                serverErrors.add(what + " → " + status + " " + abbreviated(response.body()));
            } else if (status < 400) {
                if (request.expected() == Expected.REFUSED_OR_COMPLETED && status == 202) {
                    publishedForAccepted += publishedByRequest;
                    JsonNode answer = readOrNull(response.body());
                    List<String> commandIds = answer == null ? List.of() : answer.findValuesAsText("commandId");
                    if (commandIds.isEmpty()) {
                        accepted.add(what + " → 202 without a commandId: " + abbreviated(response.body()));
                    }
                    commandIds.forEach(commandId -> toComplete.put(commandId, what));
                } else {
                    accepted.add(what + " → " + status + " " + abbreviated(response.body()));
                    publishedForAccepted += publishedByRequest;
                }
                continue;
            } else if (contentType.startsWith("application/problem+json")) {
                problemJson++;
            } else if (List.of(401, 404, 413).contains(status) && response.body().startsWith("{\"message\":")) {
                gateway++;
            } else {
                other++;
            }
            if (publishedByRequest > 0) {
                publishedOnRefusal.add(what + " → " + status + " but " + publishedByRequest + " messages published");
            }
        }
        ImportOutcomes imports = importAll(importFiles, serverErrors, toComplete);
        publishedForAccepted += imports.acceptedRows();
        List<String> acceptedThenLost = awaitCompletion(toComplete);
        Thread.sleep(500);
        long published = runtime.sns().publishedCount(commandsTopic) - publishedBefore;
        if (published > publishedForAccepted && publishedOnRefusal.isEmpty()) {
            publishedOnRefusal.add((published - publishedForAccepted) + " messages published while no request was accepted");
        }
        return new Report(requests.size(), problemJson, gateway, other, serverErrors, accepted, toComplete.size() - acceptedThenLost.size(),
                acceptedThenLost, publishedOnRefusal, published, cleanInvocations, functionErrors, imports.reported(),
                imports.misreported(), byKind);
    }

    /** @param acceptedRows the commands the imports accepted, all published */
    private record ImportOutcomes(int reported, List<String> misreported, long acceptedRows) {
    }

    /**
     * Requests an import for each file, uploads it with the presigned PUT, and reads every reply from a
     * queue subscribed to the replies topic: each bad line reported, each good one accepted (its
     * command then joins {@code toComplete}).
     */
    private ImportOutcomes importAll(List<FuzzRequest> files, List<String> serverErrors, Map<String, String> toComplete) throws Exception {
        if (files.isEmpty()) {
            return new ImportOutcomes(0, List.of(), 0);
        }
        String repliesQueue = importRepliesQueue();
        Map<String, FuzzRequest> started = new LinkedHashMap<>();
        List<String> misreported = new ArrayList<>();
        for (FuzzRequest file : files) {
            ObjectNode body = JSON.createObjectNode().put("format", file.importFile().format()).put("sizeBytes", file.body().length);
            HttpResponse<String> answer = send(new FuzzRequest(file.kind(), "POST", "/v1/imports", file.headers(),
                    body.toString().getBytes(StandardCharsets.UTF_8), file.token()));
            JsonNode upload = answer.statusCode() == 201 ? readOrNull(answer.body()) : null;
            if (upload == null) {
                (answer.statusCode() >= 500 ? serverErrors : misreported).add("import-file POST /v1/imports → " + answer.statusCode() + " "
                        + abbreviated(answer.body()));
                continue;
            }
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText())).timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(file.body()));
            upload.get("headers").fields().forEachRemaining(header -> {
                // The client sets Content-Length itself from the body, which is the signed length.
                if (!header.getKey().equalsIgnoreCase("content-length")) {
                    put.header(header.getKey(), header.getValue().asText());
                }
            });
            HttpResponse<String> stored = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
            if (stored.statusCode() != 200) {
                misreported.add("import-file PUT → " + stored.statusCode() + " " + abbreviated(stored.body()));
                continue;
            }
            started.put(upload.get("importId").asText(), file);
        }
        Map<String, JsonNode> replies = new java.util.HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (replies.size() < started.size() && System.nanoTime() < deadline) {
            for (var message : runtime.sqs().receiveMessage(r -> r.queueUrl(repliesQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                JsonNode reply = readOrNull(message.body());
                if (reply != null) {
                    replies.put(reply.path("commandId").asText(), reply);
                }
                runtime.sqs().deleteMessage(r -> r.queueUrl(repliesQueue).receiptHandle(message.receiptHandle()));
            }
        }
        int reported = 0;
        long acceptedRows = 0;
        for (var entry : started.entrySet()) {
            String importId = entry.getKey();
            FuzzRequest.ImportFile expected = entry.getValue().importFile();
            String what = "import-file " + expected.format() + " " + importId + " (bad lines " + expected.badLines() + ")";
            JsonNode reply = replies.get(importId);
            if (reply == null) {
                misreported.add(what + ": no reply within 60 s (the import failed or was lost)");
                continue;
            }
            List<Integer> rejected = new ArrayList<>();
            reply.at("/result/rejectedRows").forEach(row -> rejected.add(row.path("line").asInt()));
            acceptedRows += reply.at("/result/accepted").asLong();
            if (!"SUCCEEDED".equals(reply.path("status").asText()) || !rejected.equals(List.copyOf(expected.badLines().keySet()))
                    || reply.at("/result/accepted").asLong() != expected.goodLines().size()) {
                misreported.add(what + ": replied " + abbreviated(reply.path("result").toString() + reply.path("error")));
                continue;
            }
            reported++;
            for (int line : expected.goodLines()) {
                // The processor derives a row's command id from the import id and the line.
                String commandId = UUID.nameUUIDFromBytes((importId + ":" + line + ":command").getBytes(StandardCharsets.UTF_8)).toString();
                toComplete.put(commandId, what + " line " + line);
            }
        }
        return new ImportOutcomes(reported, misreported, acceptedRows);
    }

    /** A queue on the replies topic that receives the imports' replies. */
    private String importRepliesQueue() {
        String queueUrl = runtime.sqs().createQueue(r -> r.queueName("fuzz-import-replies")).queueUrl();
        String queueArn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
        String repliesTopic = runtime.clients().sns().listTopics().topics().stream().map(topic -> topic.topicArn())
                .filter(arn -> arn.endsWith("-replies")).findFirst().orElseThrow();
        runtime.clients().sns().subscribe(r -> r.topicArn(repliesTopic).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"type\":[\"product.import\"]}")));
        return queueUrl;
    }

    /**
     * Waits (up to 30 s after the last request) for every accepted command to complete; those that
     * never do, or that failed validation after being accepted, are returned.
     */
    private List<String> awaitCompletion(Map<String, String> commands) throws Exception {
        Map<String, String> open = new LinkedHashMap<>(commands);
        List<String> refusedLater = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (var iterator = open.entrySet().iterator(); iterator.hasNext(); ) {
                var command = iterator.next();
                HttpResponse<String> status = send(new FuzzRequest("status", "GET", "/v1/commands/" + command.getKey(), Map.of(), null,
                        "editor"));
                JsonNode answer = status.statusCode() == 200 ? readOrNull(status.body()) : null;
                String state = answer == null ? "" : answer.path("status").asText();
                if (state.equals("SUCCEEDED")) {
                    iterator.remove();
                } else if (state.equals("FAILED")) {
                    iterator.remove();
                    JsonNode code = answer.findValue("code");
                    if (code != null && code.asText().contains("VALIDATION")) {
                        refusedLater.add(command.getValue() + ": command " + command.getKey() + " accepted, then FAILED "
                                + code.asText());
                    }
                }
            }
            if (!open.isEmpty()) {
                Thread.sleep(200);
            }
        }
        List<String> lost = new ArrayList<>(refusedLater);
        open.forEach((commandId, what) -> lost.add(what + ": command " + commandId + " accepted and never completed"));
        return lost;
    }

    private static JsonNode readOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String abbreviated(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private HttpResponse<String> send(FuzzRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + request.path())).timeout(Duration.ofSeconds(30));
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
