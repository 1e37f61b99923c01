package dev.catalog.local.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * PostgreSQL 17 (as Aurora runs it) from zonky's embedded binaries. Runs as a child process that
 * {@link #close()} stops. {@link #createDatabase} gives each declared Aurora cluster its (empty)
 * database; the schema comes through the cluster's custom resource, as on deploy. {@link #stop()} and {@link #restart()}
 * take the server down and bring it back on the same port and data, as an Aurora failover or
 * reboot would (the chaos suite does this while commands flow).
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final Path dataDirectory;
    private final LocalCertificate certificate;
    private final int port;
    private final PostgresRunRecords runRecords;
    private volatile Path runRecord;
    /** Replaced by {@link #restart()}: zonky's server object cannot start again once stopped. */
    private volatile io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres, Path dataDirectory,
                             LocalCertificate certificate, PostgresRunRecords runRecords) throws IOException {
        this.runRecords = runRecords;
        this.runRecord = runRecords.write(dataDirectory);
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.certificate = certificate;
        this.port = postgres.getPort();
    }

    /**
     * Starts an empty database from a copy of an initialised cluster kept in {@code templateDirectory}
     * (made on first use): copying it is much cheaper than running initdb at every start. It serves
     * TLS with {@code certificate}, as Aurora does (plain connections are still accepted, for tools).
     * First it stops and removes the servers that killed runs left (recorded beside the template,
     * in {@code runs/}): see {@link PostgresRunRecords}.
     */
    public static EmbeddedPostgres start(Path templateDirectory) throws IOException {
        return start(templateDirectory, LocalCertificate.in(LocalCertificate.DIRECTORY));
    }

    /** As {@link #start(Path)}, serving TLS with the given certificate. */
    public static EmbeddedPostgres start(Path templateDirectory, LocalCertificate certificate) throws IOException {
        PostgresRunRecords runRecords = new PostgresRunRecords(templateDirectory.toAbsolutePath().getParent().resolve("runs"));
        runRecords.cleanUpAfterDeadOwners();
        ensureTemplate(templateDirectory);
        Path dataDirectory = Files.createTempDirectory(PostgresRunRecords.DATA_DIRECTORY_PREFIX);
        copyTree(templateDirectory, dataDirectory);
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = serving(server(dataDirectory), certificate).start();
        try {
            return new EmbeddedPostgres(server, dataDirectory, certificate, runRecords);
        } catch (IOException | RuntimeException e) {
            server.close();
            deleteTree(dataDirectory);
            throw e;
        }
    }

    /**
     * Creates the database, empty, if it does not exist yet. Its schema comes through the deploy
     * path: the {@code DatabaseSchema} custom resource's function (handlers/database.yml).
     */
    public void createDatabase(String name) throws java.sql.SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name " + name + " is not a plain PostgreSQL identifier");
        }
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        }
    }

    /** The superuser, as the cluster's managed admin secret holds it (the server trusts loopback connections). */
    public String superuser() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** What the server presents on TLS connections; clients that verify it trust this certificate. */
    public LocalCertificate certificate() {
        return certificate;
    }

    /**
     * Stops the server (a fast shutdown: open connections are cut, open transactions roll back)
     * and keeps its data for {@link #restart()}. Clients see connection failures until then.
     */
    public synchronized void stop() throws IOException {
        postgres.close();
    }

    /** Starts the server again on the same port and data directory, after {@link #stop()}. */
    public synchronized void restart() throws IOException {
        // zonky takes a file lock in the data directory; a stopped server has released it.
        postgres = serving(server(dataDirectory), certificate).setPort(port).start();
        runRecord = runRecords.write(dataDirectory);
    }

    /** The postmaster's process id while the server runs. */
    public java.util.OptionalLong pid() {
        return PostgresRunRecords.postmasterPid(dataDirectory).map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder server(Path dataDirectory) {
        // Without a clean data directory, zonky skips initdb when the directory already holds a cluster.
        return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // No hook of zonky's own: it would stop PostgreSQL first, in parallel with the runtime's
                // shutdown, while functions still use it. The runtime stops it last; a killed JVM's
                // server is stopped by the next start (PostgresRunRecords).
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder serving(
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder server, LocalCertificate certificate) {
        return server.setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificate.certificate().toAbsolutePath().toString())
                .setServerConfig("ssl_key_file", certificate.privateKey().toAbsolutePath().toString());
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
        PostgresRunRecords.deleteTree(root);
    }

    /** The superuser's URL of the {@code postgres} maintenance database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** The superuser's URL of {@code database}. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** A superuser data source on the named database, for tests and tools. */
    public DataSource dataSource(String database) {
        return postgres.getDatabase("postgres", database);
    }

    /** Stops the server process and removes this run's data. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            deleteTree(dataDirectory);
            Files.deleteIfExists(runRecord);
        }
    }
}
