package dev.catalog.metrics;

import dev.catalog.aws.ClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Metrics sent with CloudWatch {@code PutMetricData}: everything one invocation recorded goes in
 * one request at {@link #flush()} (samples aggregated per metric and dimension set, as value/count
 * pairs). The request is the Query-protocol form CloudWatch documents, signed with the core SDK's
 * SigV4 signer and sent on the container's one HTTP client: the CloudWatch SDK module would push
 * the Lambda artifact past its 20 MB budget.
 *
 * <p>Use it where EMF log lines are not wanted (for example, logs shipped elsewhere). The function
 * needs {@code cloudwatch:PutMetricData} with a {@code cloudwatch:namespace} condition.
 */
final class CloudWatchMetrics extends AggregatingMetrics {
    /** CloudWatch accepts up to 1,000 metric data in one request; one invocation never records that many. */
    private static final int MAX_DATA_PER_REQUEST = 1000;

    private final String stage;
    private final URI endpoint;
    private final ClientSettings settings;
    private final SdkHttpClient http;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param endpoint CloudWatch's endpoint in the function's region, e.g. {@code https://monitoring.eu-west-1.amazonaws.com} */
    public CloudWatchMetrics(String stage, URI endpoint, ClientSettings settings, SdkHttpClient http, Clock clock) {
        this.stage = stage;
        this.endpoint = endpoint;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    void write(Map<String, Map<Metric, List<Double>>> byCommandType) {
        String body = formOf(byCommandType, clock.instant());
        try {
            send(body);
        } catch (IOException | RuntimeException e) {
            // Metrics never fail the command; the loss shows as a gap in the graph.
            System.out.println("{\"level\":\"WARN\",\"message\":\"metrics not sent\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** The form-encoded PutMetricData request for these samples. */
    String formOf(Map<String, Map<Metric, List<Double>>> byCommandType, Instant timestamp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "PutMetricData");
        form.put("Version", "2010-08-01");
        form.put("Namespace", Metrics.namespace(stage));
        int datum = 0;
        for (Map.Entry<String, Map<Metric, List<Double>>> dimensionSet : byCommandType.entrySet()) {
            for (Map.Entry<Metric, List<Double>> metric : dimensionSet.getValue().entrySet()) {
                if (++datum > MAX_DATA_PER_REQUEST) {
                    break;
                }
                String prefix = "MetricData.member." + datum + ".";
                form.put(prefix + "MetricName", metric.getKey().metricName());
                form.put(prefix + "Unit", metric.getKey().unit().cloudWatchName());
                form.put(prefix + "Timestamp", timestamp.toString());
                form.put(prefix + "Dimensions.member.1.Name", "stage");
                form.put(prefix + "Dimensions.member.1.Value", stage);
                if (!dimensionSet.getKey().equals(MetricSamples.NO_COMMAND_TYPE)) {
                    form.put(prefix + "Dimensions.member.2.Name", "commandType");
                    form.put(prefix + "Dimensions.member.2.Value", dimensionSet.getKey());
                }
                Map<Double, Integer> counts = new LinkedHashMap<>();
                metric.getValue().forEach(value -> counts.merge(value, 1, Integer::sum));
                int index = 0;
                for (Map.Entry<Double, Integer> value : counts.entrySet()) {
                    index++;
                    form.put(prefix + "Values.member." + index, format(value.getKey()));
                    form.put(prefix + "Counts.member." + index, Integer.toString(value.getValue()));
                }
            }
        }
        return form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private void send(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        SignedRequest signed = signer.sign(signing -> signing
                .identity(settings.credentials().resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region().id())
                // The signature's date is the injected clock's, the same instant the data points carry.
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        response.responseBody().ifPresent(stream -> {
            try (stream) {
                stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!response.httpResponse().isSuccessful()) {
            throw new IOException("PutMetricData answered " + response.httpResponse().statusCode());
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
