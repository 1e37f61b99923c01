package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping the runtime stops every service, the PostgreSQL child process included; a new start works. */
class LocalRuntimeLifecycleE2ET {

    @Test
    void closeStopsEveryServiceAndTheNextStartWorks() throws Exception {
        LocalOptions options = LocalOptions.defaults().withApiPort(0).withServerlessYml(Path.of("test/fixtures/triggers/serverless.yml"));
        LocalRuntime first = LocalRuntime.start(options);
        String jdbcUrl = first.postgresJdbcUrl();
        List<URI> endpoints = List.of(first.apiBaseUri(), first.endpoints().sqs(), first.endpoints().sns(), first.endpoints().s3());
        try (var connection = DriverManager.getConnection(jdbcUrl)) {
            assertTrue(connection.isValid(2));
        }

        first.close();

        assertThrows(java.sql.SQLException.class, () -> DriverManager.getConnection(jdbcUrl).close(), "PostgreSQL still answers");
        for (URI endpoint : endpoints) {
            assertThrows(IOException.class, () -> connect(endpoint), endpoint + " still accepts connections");
        }
        try (LocalRuntime second = LocalRuntime.start(options)) {
            try (var connection = DriverManager.getConnection(second.postgresJdbcUrl())) {
                assertTrue(connection.isValid(2));
            }
        }
    }

    private static void connect(URI endpoint) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 500);
        }
    }
}
