package dev.catalog.local.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The local equivalent of SQS {@code StartMessageMoveTask}: moves every message of a dead-letter
 * queue back to the queue whose redrive policy names it ({@code make redrive QUEUE=... STAGE=local}).
 *
 * <p>Each message is received, sent to the source queue with its body, message attributes and,
 * on FIFO queues, its message group; and deleted from the dead-letter queue only once the send
 * succeeded. Nothing is lost: a failed send leaves the message in the dead-letter queue (it comes
 * back after the visibility timeout). Nothing is doubled: the FIFO deduplication id of the moved
 * copy is derived from the dead letter's message id, so a move repeated after a lost delete is
 * dropped by SQS. (The original deduplication id cannot be kept: SQS would silently drop the copy
 * as a duplicate of the first delivery for five minutes.) On standard queues a repeated move can
 * deliver twice, which the consumers tolerate (they are idempotent).
 */
public final class LocalRedrive {
    /** Where {@code make local} writes the endpoints of the running runtime. */
    public static final Path ENDPOINTS_FILE = Path.of("target", "local", "endpoints.properties");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to send and delete a batch; a message not deleted by then is offered again. */
    private static final int VISIBILITY_SECONDS = 30;

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
     */
    public Moved redrive(String deadLetterQueueName) {
        String deadLetterUrl = sqs.getQueueUrl(request -> request.queueName(deadLetterQueueName)).queueUrl();
        String deadLetterArn = attribute(deadLetterUrl, QueueAttributeName.QUEUE_ARN);
        String sourceUrl = sourceQueueOf(deadLetterArn).orElseThrow(() -> new IllegalArgumentException(
                "no queue sends its dead letters to " + deadLetterQueueName));
        boolean fifo = sourceUrl.endsWith(".fifo");
        // What is there now: messages that fail again while the move runs are left for the next one.
        int waiting = Integer.parseInt(attribute(deadLetterUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        int moved = 0;
        while (moved < waiting) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(deadLetterUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(VISIBILITY_SECONDS).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                sqs.sendMessage(copy(message, sourceUrl, fifo));
                sqs.deleteMessage(request -> request.queueUrl(deadLetterUrl).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
        return new Moved(deadLetterQueueName, sourceUrl.substring(sourceUrl.lastIndexOf('/') + 1), moved);
    }

    private static SendMessageRequest copy(Message message, String sourceUrl, boolean fifo) {
        SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(sourceUrl).messageBody(message.body());
        if (message.hasMessageAttributes() && !message.messageAttributes().isEmpty()) {
            Map<String, MessageAttributeValue> attributes = new HashMap<>(message.messageAttributes());
            send.messageAttributes(attributes);
        }
        if (fifo) {
            Map<MessageSystemAttributeName, String> system = message.attributes();
            send.messageGroupId(system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messageDeduplicationId("redrive-" + message.messageId());
        }
        return send.build();
    }

    private Optional<String> sourceQueueOf(String deadLetterArn) {
        for (String url : sqs.listQueues().queueUrls()) {
            String policy = attribute(url, QueueAttributeName.REDRIVE_POLICY);
            if (policy == null) {
                continue;
            }
            try {
                JsonNode redrive = JSON.readTree(policy);
                if (deadLetterArn.equals(redrive.path("deadLetterTargetArn").asText())) {
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
        Properties endpoints = new Properties();
        try (Reader reader = Files.newBufferedReader(ENDPOINTS_FILE)) {
            endpoints.load(reader);
        }
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoints.getProperty("sqs")))
                .region(Region.of(endpoints.getProperty("region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        endpoints.getProperty("accessKey"), endpoints.getProperty("secretKey"))))
                .build()) {
            Moved moved = new LocalRedrive(sqs).redrive(args[0]);
            System.out.printf("moved %d message(s) from %s back to %s%n", moved.messages(), moved.deadLetterQueue(), moved.sourceQueue());
        }
    }
}
