package dev.catalog.schema;

/** Brings a database's schema to the version the code needs. */
public interface SchemaMigration {

    /**
     * Applies every pending migration, all or none of them.
     *
     * @throws SchemaMigrationFailed naming the migration that failed and the database's error
     */
    MigrationResult migrate(DatabaseTarget target, AdminCredentials admin);

    /** Where the database is, and the login role the functions connect as (which the migrations create). */
    record DatabaseTarget(String host, int port, String database, String applicationUser) {
    }

    /**
     * How many migrations this run applied, the version the schema is at now, and whether the
     * application role logs in with IAM tokens ({@code rds_iam}, which only RDS and Aurora have).
     */
    record MigrationResult(int applied, String version, boolean iamAuthentication) {
    }
}
