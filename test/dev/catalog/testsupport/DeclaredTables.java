package dev.catalog.testsupport;

import dev.catalog.aws.AwsClients;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.provision.ProvisionedResource;
import dev.catalog.local.runtime.provision.ResourceProvisioner;
import dev.catalog.local.aws.dynamodb.EmbeddedDynamoDb;
import dev.catalog.local.services.FreePort;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local with DynamoDB tables created exactly as serverless.yml declares them, through
 * the local runtime's own provisioner, so adapter tests use the deployed keys and indexes.
 */
public final class DeclaredTables implements AutoCloseable {
    private static final URI UNUSED = URI.create("http://127.0.0.1:9");

    private final EmbeddedDynamoDb dynamoDbServer;
    private final AwsClients clients;
    private final Map<String, ProvisionedResource> tables;

    private DeclaredTables(EmbeddedDynamoDb dynamoDbServer, AwsClients clients, Map<String, ProvisionedResource> tables) {
        this.dynamoDbServer = dynamoDbServer;
        this.clients = clients;
        this.tables = tables;
    }

    /** Starts DynamoDB Local and creates the given table resources (logical ids of serverless.yml). */
    public static DeclaredTables start(String... logicalIds) throws Exception {
        EmbeddedDynamoDb server = EmbeddedDynamoDb.start(FreePort.find());
        ServerlessConfig config = ServerlessConfig.load(Path.of("serverless.yml"), Optional.empty(), Optional.empty(), "000000000000");
        // Only the tables: the rest (queues, topics, bucket) needs services these tests do not start.
        config.resources().keySet().retainAll(Set.of(logicalIds));
        AwsClients clients = new AwsClients(new LocalClientSettings(
                new LocalEndpoints(config.region(), config.accountId(), UNUSED, UNUSED, UNUSED, server.endpoint())));
        Map<String, ProvisionedResource> tables = new ResourceProvisioner(config, null, null, clients.dynamoDb(), null, null).provisionAll();
        if (!tables.keySet().equals(Set.of(logicalIds))) {
            throw new IllegalStateException("serverless.yml does not declare all of " + Set.of(logicalIds) + ": " + tables.keySet());
        }
        return new DeclaredTables(server, clients, tables);
    }

    public DynamoDbClient dynamoDb() {
        return clients.dynamoDb();
    }

    /** The physical table name of a declared table. */
    public String tableName(String logicalId) {
        return tables.get(logicalId).ref();
    }

    @Override
    public void close() throws Exception {
        clients.close();
        dynamoDbServer.close();
    }
}
