package dev.catalog.local.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.devtools.QueueRedrive;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local equivalent of SQS {@code StartMessageMoveTask} by queue name ({@code make redrive
 * QUEUE=... STAGE=local}): finds the queue whose redrive policy names the dead-letter queue and
 * moves the messages back with {@link QueueRedrive} (nothing lost, nothing doubled; see there).
 */
public final class LocalRedrive {
    /** Where the running {@code make local} says where it listens. */
    public static final Path ENDPOINTS_FILE = Path.of("target", "local", "endpoints.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;

    public LocalRedrive(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** How many messages went from which dead-letter queue to which source queue. */
    public record Moved(String deadLetterQueue, String sourceQueue, int messages) {
    }

    /**
     * Moves the messages now in the named dead-letter queue back to its source queue.
     *
     * @throws IllegalArgumentException when no queue names it as its dead-letter queue
     * @throws IllegalStateException when a message could not be moved (it stays in the dead-letter queue)
     */
    public Moved redrive(String deadLetterQueueName) {
        String deadLetterUrl = sqs.getQueueUrl(request -> request.queueName(deadLetterQueueName)).queueUrl();
        String deadLetterArn = attribute(deadLetterUrl, QueueAttributeName.QUEUE_ARN);
        String sourceUrl = sourceQueueOf(deadLetterArn).orElseThrow(() -> new IllegalArgumentException(
                "no queue sends its dead letters to " + deadLetterQueueName));
        QueueRedrive.Result result = new QueueRedrive(sqs).redrive(deadLetterUrl, sourceUrl);
        if (!result.complete()) {
            throw new IllegalStateException("moved " + result.moved() + " message(s), then: " + result.failure());
        }
        return new Moved(deadLetterQueueName, sourceUrl.substring(sourceUrl.lastIndexOf('/') + 1), result.moved());
    }

    private Optional<String> sourceQueueOf(String deadLetterArn) {
        for (String url : sqs.listQueues().queueUrls()) {
            String policy = attribute(url, QueueAttributeName.REDRIVE_POLICY);
            if (policy == null) {
                continue;
            }
            try {
                if (deadLetterArn.equals(JSON.readTree(policy).path("deadLetterTargetArn").asText())) {
                    return Optional.of(url);
                }
            } catch (IOException e) {
                throw new IllegalStateException("queue " + url + " has an unreadable RedrivePolicy", e);
            }
        }
        return Optional.empty();
    }

    private String attribute(String queueUrl, QueueAttributeName name) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(name)).attributes().get(name);
    }

    /** {@code make redrive QUEUE=<dead-letter queue name> STAGE=local}, against the running {@code make local}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: LocalRedrive <dead-letter queue name>");
            System.exit(2);
        }
        if (!Files.isRegularFile(ENDPOINTS_FILE)) {
            System.err.println("the local runtime is not running (" + ENDPOINTS_FILE + " is missing): start it with make local");
            System.exit(1);
        }
        JsonNode endpoints = JSON.readTree(ENDPOINTS_FILE.toFile());
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoints.get("sqs").asText()))
                .region(Region.of(endpoints.get("region").asText()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalClientSettings.ACCESS_KEY, LocalClientSettings.SECRET_KEY)))
                .build()) {
            Moved moved = new LocalRedrive(sqs).redrive(args[0]);
            System.out.printf("moved %d message(s) from %s back to %s%n", moved.messages(), moved.deadLetterQueue(), moved.sourceQueue());
        }
    }
}
