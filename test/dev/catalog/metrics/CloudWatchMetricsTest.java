package dev.catalog.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.catalog.aws.ClientSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The exact PutMetricData request, captured by a loopback HTTP server standing in for CloudWatch. */
class CloudWatchMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private HttpServer cloudWatch;
    private CloudWatchMetrics metrics;

    @BeforeEach
    void startCloudWatchStandIn() throws Exception {
        cloudWatch = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cloudWatch.createContext("/", exchange -> {
            Map<String, String> request = new LinkedHashMap<>();
            request.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            request.put("x-amz-date", exchange.getRequestHeaders().getFirst("X-Amz-Date"));
            for (String field : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] pair = field.split("=", 2);
                request.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8), URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
            }
            requests.add(request);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudWatch.start();
        ClientSettings settings = new ClientSettings() {
            @Override
            public void configure(AwsClientBuilder<?, ?> builder) {
            }

            @Override
            public AwsCredentialsProvider credentials() {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
            }

            @Override
            public Region region() {
                return Region.EU_WEST_1;
            }
        };
        metrics = new CloudWatchMetrics("dev", URI.create("http://127.0.0.1:" + cloudWatch.getAddress().getPort()), settings,
                UrlConnectionHttpClient.create(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        cloudWatch.stop(0);
    }

    @Test
    void sendsOneAggregatedSignedRequestPerFlush() {
        metrics.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);
        metrics.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);
        metrics.record(Metric.COMMAND_LATENCY, "product.create", 120);
        metrics.record(Metric.COMMAND_LATENCY, "product.create", 120);
        metrics.record(Metric.COMMAND_LATENCY, "product.create", 80);
        metrics.record(Metric.DUPLICATE_DELIVERIES, 1);

        metrics.flush();

        assertEquals(1, requests.size());
        Map<String, String> request = new LinkedHashMap<>(requests.get(0));
        String authorization = request.remove("authorization");
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/monitoring/aws4_request"), authorization);
        assertEquals("20261121T101530Z", request.remove("x-amz-date"), "signed at the injected clock's time, whatever the day");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Action", "PutMetricData");
        expected.put("Version", "2010-08-01");
        expected.put("Namespace", "Catalog/dev");
        datum(expected, 1, "CommandsAccepted", "Count", "product.create", Map.of("2", 1));
        datum(expected, 2, "CommandLatency", "Milliseconds", "product.create", new LinkedHashMap<>(Map.of("120", 2)));
        expected.put("MetricData.member.2.Values.member.2", "80");
        expected.put("MetricData.member.2.Counts.member.2", "1");
        datum(expected, 3, "DuplicateDeliveries", "Count", null, Map.of("1", 1));
        assertEquals(expected, request);
    }

    @Test
    void sendsNothingWhenNothingWasRecorded() {
        metrics.flush();

        assertTrue(requests.isEmpty());
    }

    @Test
    void aFailingCloudWatchNeverFailsTheCaller() {
        cloudWatch.stop(0);
        metrics.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);

        metrics.flush();

        assertTrue(requests.isEmpty());
    }

    private static void datum(Map<String, String> form, int index, String name, String unit, String commandType, Map<?, Integer> values) {
        String prefix = "MetricData.member." + index + ".";
        form.put(prefix + "MetricName", name);
        form.put(prefix + "Unit", unit);
        form.put(prefix + "Timestamp", NOW.toString());
        form.put(prefix + "Dimensions.member.1.Name", "stage");
        form.put(prefix + "Dimensions.member.1.Value", "dev");
        if (commandType != null) {
            form.put(prefix + "Dimensions.member.2.Name", "commandType");
            form.put(prefix + "Dimensions.member.2.Value", commandType);
        }
        int position = 0;
        for (Map.Entry<?, Integer> value : values.entrySet()) {
            position++;
            form.put(prefix + "Values.member." + position, String.valueOf(value.getKey()));
            form.put(prefix + "Counts.member." + position, Integer.toString(value.getValue()));
        }
    }
}
