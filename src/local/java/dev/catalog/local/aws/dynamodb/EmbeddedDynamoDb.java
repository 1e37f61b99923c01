package dev.catalog.local.aws.dynamodb;

import dev.catalog.local.aws.iam.LocalIam;
import java.net.URI;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.monitoring.Telemetry;
import software.amazon.dynamodb.services.local.monitoring.TelemetryUtil;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/** DynamoDB Local, in memory. */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** With no function roles: every caller has full access. */
    public static EmbeddedDynamoDb start(int port) throws Exception {
        return start(port, new LocalIam());
    }

    /**
     * In memory, one set of tables whatever the caller's credentials and region (as {@code -sharedDb}),
     * so the AWS CLI sees what the functions wrote; each item operation decided by {@code iam} first.
     * Telemetry off: otherwise DynamoDB Local calls out to the internet.
     */
    public static EmbeddedDynamoDb start(int port, LocalIam iam) throws Exception {
        Telemetry.configureTelemetry(TelemetryUtil.SETUP_TYPE.MAVEN.name(), "IN_MEMORY_SHARED_DB", false);
        DynamoDBProxyServer server = new DynamoDBProxyServer(port,
                new LocalDynamoDBServerHandler(new AuthorizingDynamoDbHandler(iam), new CommandLineInput(new String[0]).getCorsParams()));
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
