package dev.catalog.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL 17 (as Aurora runs it) from zonky's embedded binaries, with the project's Flyway
 * migrations from {@code src/main/resources/db/migration} applied. Runs as a child process that
 * {@link #close()} stops.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final int migrationsApplied;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDirectory, int migrationsApplied) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.migrationsApplied = migrationsApplied;
    }

    /**
     * Starts an empty database from a copy of an initialised cluster kept in {@code templateDirectory}
     * (made on first use): copying it is much cheaper than running initdb at every start.
     */
    public static EmbeddedPostgres start(Path templateDirectory) throws IOException {
        ensureTemplate(templateDirectory);
        Path dataDirectory = Files.createTempDirectory("catalog-postgres-");
        copyTree(templateDirectory, dataDirectory);
        var postgres = server(dataDirectory).start();
        int applied = Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
        return new EmbeddedPostgres(postgres, dataDirectory, applied);
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder server(Path dataDirectory) {
        // Without a clean data directory, zonky skips initdb when the directory already holds a cluster.
        return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    private static synchronized void ensureTemplate(Path templateDirectory) throws IOException {
        if (Files.exists(templateDirectory.resolve("postgresql.conf"))) {
            return;
        }
        Path parent = templateDirectory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path building = Files.createTempDirectory(parent, "postgres-template-");
        server(building).start().close();
        Files.deleteIfExists(building.resolve("epg-lock"));
        try {
            Files.move(building, templateDirectory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherProcessWon) {
            deleteTree(building);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Stops the server process and removes this run's data. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            deleteTree(dataDirectory);
        }
    }
}
