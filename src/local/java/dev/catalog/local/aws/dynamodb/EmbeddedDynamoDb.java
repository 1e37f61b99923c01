package dev.catalog.local.aws.dynamodb;

import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.net.URI;
import software.amazon.dynamodb.services.local.main.ServerRunner;

/** DynamoDB Local, in memory. */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * {@code -disableTelemetry}: otherwise DynamoDB Local calls out to the internet. {@code -sharedDb}: one
     * set of tables whatever the caller's credentials and region, so the AWS CLI sees what the functions wrote.
     */
    public static EmbeddedDynamoDb start(int port) throws Exception {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        return new EmbeddedDynamoDb(server, URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
