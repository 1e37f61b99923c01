package dev.catalog.local.services;

import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL 17 (as Aurora runs it) from zonky's embedded binaries, with the project's Flyway
 * migrations from {@code src/main/resources/db/migration} applied. Runs as a child process that
 * {@link #close()} stops.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private final int migrationsApplied;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, int migrationsApplied) {
        this.postgres = postgres;
        this.migrationsApplied = migrationsApplied;
    }

    public static EmbeddedPostgres start() throws IOException {
        var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setRegisterShutdownHook(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        int applied = Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
        return new EmbeddedPostgres(postgres, applied);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public int migrationsApplied() {
        return migrationsApplied;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
