package dev.catalog.testsupport;

import dev.catalog.aws.ClientSettings;
import dev.catalog.local.services.EmbeddedPostgres;
import dev.catalog.schema.AdminCredentials;
import dev.catalog.schema.FlywaySchemaMigration;
import dev.catalog.schema.SchemaMigration.DatabaseTarget;
import dev.catalog.schema.SchemaMigration.MigrationResult;
import java.util.Optional;

/**
 * The project's schema on an embedded PostgreSQL for adapter tests, applied the way the
 * {@code migrateDatabase} function applies it on deploy ({@link FlywaySchemaMigration} as the
 * admin, over TLS as on Aurora). The local runtime goes further and runs the function itself.
 */
public final class Schema {
    private Schema() {
    }

    /** Creates {@code database} if new and migrates it. */
    public static MigrationResult createMigrated(EmbeddedPostgres postgres, String database) throws java.sql.SQLException {
        postgres.createDatabase(database);
        return new FlywaySchemaMigration(ClientSettings.lambdaDefaults(), Optional.of(postgres.certificate().certificate().toString()))
                .migrate(new DatabaseTarget("127.0.0.1", postgres.port(), database, "catalog_app"),
                        new AdminCredentials(postgres.superuser(), "trusted-on-loopback"));
    }
}
