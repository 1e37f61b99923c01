package dev.catalog.schema;

import dev.catalog.aws.ClientSettings;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies {@code src/main/resources/db/migration} with Flyway as the cluster's admin user.
 *
 * <p>Never a half-applied schema: PostgreSQL runs DDL inside transactions, and with {@code group}
 * Flyway runs all the migrations pending in one call in a single transaction, so a failure in the
 * third of three rolls the first two back as well and the schema history is unchanged. Then it
 * checks what the functions rely on: the application role exists, may log in, and on RDS (where
 * the {@code rds_iam} role exists) is a member of {@code rds_iam}, so it logs in with IAM tokens.
 */
public final class FlywaySchemaMigration implements SchemaMigration {
    /** Where the project's migrations are, inside the artifact. */
    public static final String PROJECT_MIGRATIONS = "classpath:db/migration";
    /** Aurora may still be coming up after the writer reports available; Flyway waits between retries. */
    private static final int CONNECT_RETRIES = 5;

    private final ClientSettings clientSettings;
    private final Optional<String> rootCertificate;
    private final List<String> locations;

    /** @param rootCertificate the one certificate authority to trust instead of Amazon RDS's, if named */
    /** With the function's client settings and database certificate authority. */
    static FlywaySchemaMigration from(FunctionEnvironment environment) {
        return new FlywaySchemaMigration(environment.clients().settings(), environment.settings().databaseRootCertificate());
    }

    public FlywaySchemaMigration(ClientSettings clientSettings, Optional<String> rootCertificate) {
        this(clientSettings, rootCertificate, List.of(PROJECT_MIGRATIONS));
    }

    /** @param locations Flyway locations ({@code classpath:...}, {@code filesystem:...}); tests add failing ones */
    public FlywaySchemaMigration(ClientSettings clientSettings, Optional<String> rootCertificate, List<String> locations) {
        this.clientSettings = clientSettings;
        this.rootCertificate = rootCertificate;
        this.locations = List.copyOf(locations);
    }

    @Override
    public MigrationResult migrate(DatabaseTarget target, AdminCredentials admin) {
        Properties properties = Database.tls(clientSettings, rootCertificate);
        properties.setProperty("ApplicationName", "catalog-migrations");
        Map<String, String> jdbcProperties = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> jdbcProperties.put(name, properties.getProperty(name)));
        Flyway flyway = Flyway.configure(FlywaySchemaMigration.class.getClassLoader())
                .dataSource("jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.database(),
                        admin.username(), admin.password())
                .jdbcProperties(jdbcProperties)
                .connectRetries(CONNECT_RETRIES)
                .locations(locations.toArray(String[]::new))
                .group(true)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw new SchemaMigrationFailed(e.getMessage(), e);
        }
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            return new MigrationResult(result.migrationsExecuted, version, checkApplicationRole(connection, target.applicationUser()));
        } catch (SQLException e) {
            throw new SchemaMigrationFailed("checking the role " + target.applicationUser() + " failed: " + e.getMessage(), e);
        }
    }

    /** @return whether the role logs in with IAM tokens */
    private static boolean checkApplicationRole(Connection connection, String user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.rolcanlogin, i.oid IS NOT NULL AS iam_available, pg_has_role(r.oid, i.oid, 'MEMBER') AS iam_granted
                FROM pg_roles r LEFT JOIN pg_roles i ON i.rolname = 'rds_iam'
                WHERE r.rolname = ?""")) {
            select.setString(1, user);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SchemaMigrationFailed("the migrations did not create the role " + user + " the functions connect as", null);
                }
                if (!row.getBoolean("rolcanlogin")) {
                    throw new SchemaMigrationFailed("the role " + user + " may not log in", null);
                }
                boolean iamAvailable = row.getBoolean("iam_available");
                if (iamAvailable && !row.getBoolean("iam_granted")) {
                    throw new SchemaMigrationFailed("the role " + user + " is not a member of rds_iam: IAM tokens would not log it in", null);
                }
                return iamAvailable;
            }
        }
    }
}
