package dev.catalog.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.catalog.aws.ClientSettings;
import dev.catalog.internal.Json;
import dev.catalog.local.aws.cloudformation.LocalCustomResources;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.local.services.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration function against a real PostgreSQL, answering at a real {@code ResponseURL} (a
 * loopback endpoint that takes the PUT as S3 would): what CloudFormation reads in each case.
 */
class DatabaseSchemaHandlerIT {
    private static final String SAMPLE = "events/cloudformation-database-schema-update.json";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-4f1c2d3e-5a6b-7c8d-9e0f-1a2b3c4d5e6f-AbC123";
    private static final long PROJECT_MIGRATIONS = countMigrations(Path.of("src/main/resources/db/migration"));

    private static EmbeddedPostgres postgres;
    private static LocalCustomResources cloudFormation;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start(Path.of("target/local/postgres-template"));
        cloudFormation = new LocalCustomResources("eu-west-1", "123456789012", "catalog-dev");
    }

    @AfterAll
    static void stop() throws IOException {
        if (cloudFormation != null) {
            cloudFormation.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void createAppliesEveryMigrationCreatesTheApplicationRoleAndAnswersSuccess() throws Exception {
        String database = freshDatabase();
        Map<String, Object> request = request("Create", database);

        Map<String, Object> response = send(handler(FlywaySchemaMigration.PROJECT_MIGRATIONS), request);

        assertEquals("SUCCESS", response.get("Status"), String.valueOf(response.get("Reason")));
        assertEquals("DatabaseSchema-" + database, response.get("PhysicalResourceId"));
        for (String key : List.of("StackId", "RequestId", "LogicalResourceId")) {
            assertEquals(request.get(key), response.get(key), key);
        }
        assertNull(response.get("Reason"));
        assertEquals(Map.of("MigrationsApplied", Long.toString(PROJECT_MIGRATIONS), "SchemaVersion", Long.toString(PROJECT_MIGRATIONS),
                "IamAuthentication", "false"), response.get("Data"));
        assertTrue(tableExists(database, "products") && tableExists(database, "outbox") && tableExists(database, "attachments"));
        assertEquals(Boolean.TRUE, single(database, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'catalog_app'"));
    }

    @Test
    void updateMigratesAgainWithoutErrorWhenEverythingIsThereAndKeepsThePhysicalId() throws Exception {
        String database = freshDatabase();
        send(handler(FlywaySchemaMigration.PROJECT_MIGRATIONS), request("Create", database));
        Map<String, Object> update = request("Update", database);
        update.put("PhysicalResourceId", "DatabaseSchema-" + database);

        Map<String, Object> response = send(handler(FlywaySchemaMigration.PROJECT_MIGRATIONS), update);

        assertEquals("SUCCESS", response.get("Status"), String.valueOf(response.get("Reason")));
        assertEquals("DatabaseSchema-" + database, response.get("PhysicalResourceId"));
        assertEquals("0", ((Map<?, ?>) response.get("Data")).get("MigrationsApplied"));
        assertEquals(Long.toString(PROJECT_MIGRATIONS), ((Map<?, ?>) response.get("Data")).get("SchemaVersion"));
    }

    @Test
    void deleteAnswersSuccessAndLeavesTheSchemaAndTheDataAlone() throws Exception {
        String database = freshDatabase();
        send(handler(FlywaySchemaMigration.PROJECT_MIGRATIONS), request("Create", database));
        Map<String, Object> delete = request("Delete", database);
        delete.put("PhysicalResourceId", "DatabaseSchema-" + database);

        Map<String, Object> response = send(handler(FlywaySchemaMigration.PROJECT_MIGRATIONS), delete);

        assertEquals("SUCCESS", response.get("Status"));
        assertEquals("DatabaseSchema-" + database, response.get("PhysicalResourceId"));
        assertTrue(tableExists(database, "products"));
    }

    /** Flyway runs every pending migration of the call in one transaction: V5 failing takes V1 to V4 with it. */
    @Test
    void aFailingMigrationAnswersFailedWithItsErrorAndLeavesNoPartOfTheSchema(@TempDir Path migrations) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.toList()) {
                Files.copy(file, migrations.resolve(file.getFileName()));
            }
        }
        Files.writeString(migrations.resolve("V5__broken.sql"), """
                CREATE TABLE half_done (id integer PRIMARY KEY);
                INSERT INTO no_such_table VALUES (1);
                """);
        String database = freshDatabase();

        Map<String, Object> response = send(handler("filesystem:" + migrations.toAbsolutePath()), request("Create", database));

        assertEquals("FAILED", response.get("Status"));
        String reason = String.valueOf(response.get("Reason"));
        assertTrue(reason.contains("V5__broken.sql") && reason.contains("no_such_table"), reason);
        assertEquals("DatabaseSchema-" + database, response.get("PhysicalResourceId"));
        assertFalse(tableExists(database, "half_done"), "V5's first statement was rolled back");
        assertFalse(tableExists(database, "products"), "V1 to V4 of the same run were rolled back with it");
        assertEquals(0L, ((Number) single(database, "SELECT count(*) FROM flyway_schema_history WHERE success")).longValue());
    }

    @Test
    void anUnreadableSecretAnswersFailedNamingTheSecret() throws Exception {
        String database = freshDatabase();
        DatabaseSchemaHandler handler = new DatabaseSchemaHandler(arn -> {
            throw new AdminSecretUnavailable("reading the admin secret " + arn + " failed: AccessDeniedException", null);
        }, new FlywaySchemaMigration(ClientSettings.lambdaDefaults(), trustingThisServer()), new HttpCustomResourceResponses(Json.mapper()));

        Map<String, Object> response = send(handler, request("Create", database));

        assertEquals("FAILED", response.get("Status"));
        assertTrue(String.valueOf(response.get("Reason")).contains(SECRET_ARN), String.valueOf(response.get("Reason")));
        assertFalse(tableExists(database, "products"));
    }

    /** The embedded server's certificate, as PGSSLROOTCERT names it to the functions locally. */
    private static java.util.Optional<String> trustingThisServer() {
        return java.util.Optional.of(postgres.certificate().certificate().toString());
    }

    private static DatabaseSchemaHandler handler(String location) {
        AdminSecrets secrets = arn -> {
            assertEquals(SECRET_ARN, arn, "the secret the template passes");
            return new AdminCredentials(postgres.superuser(), "trusted-on-loopback");
        };
        // The Lambda defaults: TLS with the server checked, as on Aurora, against the embedded PostgreSQL's certificate.
        return new DatabaseSchemaHandler(secrets, new FlywaySchemaMigration(ClientSettings.lambdaDefaults(), trustingThisServer(), List.of(location)),
                new HttpCustomResourceResponses(Json.mapper()));
    }

    /** The sample request, aimed at this PostgreSQL and at a response URL that takes the PUT. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(String type, String database) {
        Map<String, Object> request = new LinkedHashMap<>(EventLoader.loadEvent(SAMPLE, Map.class));
        String requestId = UUID.randomUUID().toString();
        request.put("RequestType", type);
        request.put("RequestId", requestId);
        request.put("ResponseURL", cloudFormation.responseUrl(requestId).toString());
        request.remove("PhysicalResourceId");
        request.remove("OldResourceProperties");
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) request.get("ResourceProperties"));
        properties.put("DatabaseHost", "127.0.0.1");
        properties.put("DatabasePort", Integer.toString(postgres.port()));
        properties.put("DatabaseName", database);
        request.put("ResourceProperties", properties);
        return request;
    }

    private static Map<String, Object> send(DatabaseSchemaHandler handler, Map<String, Object> request) throws Exception {
        handler.handleRequest(request, LocalContext.forTest("migrateDatabase"));
        return cloudFormation.awaitResponse(String.valueOf(request.get("RequestId")), Duration.ofSeconds(5));
    }

    private static String freshDatabase() throws SQLException {
        String name = "schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres.createDatabase(name);
        return name;
    }

    private static boolean tableExists(String database, String table) throws SQLException {
        return Boolean.TRUE.equals(single(database, "SELECT to_regclass('public." + table + "') IS NOT NULL"));
    }

    private static Object single(String database, String sql) throws SQLException {
        try (Connection connection = postgres.dataSource(database).getConnection(); ResultSet row = connection.createStatement().executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getObject(1);
        }
    }

    private static long countMigrations(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
