package dev.catalog.local.services;

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

    /** {@code -disableTelemetry}: otherwise DynamoDB Local calls out to the internet. */
    public static EmbeddedDynamoDb start() throws Exception {
        int port = FreePort.find();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
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
