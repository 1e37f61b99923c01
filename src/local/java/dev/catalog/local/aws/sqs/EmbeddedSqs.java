package dev.catalog.local.aws.sqs;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** SQS on ElasticMQ: the AWS JSON protocol, FIFO queues and redrive to dead-letter queues. */
public final class EmbeddedSqs implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Without the region and account, ElasticMQ would put "elasticmq" into queue ARNs. */
    public static EmbeddedSqs start(String region, String accountId, int port) {
        SQSRestServer server = SQSRestServerBuilder.withPort(port)
                .withInterface("127.0.0.1")
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new EmbeddedSqs(server, URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
