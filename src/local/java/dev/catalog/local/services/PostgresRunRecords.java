package dev.catalog.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file per running embedded PostgreSQL, naming the JVM that started it, the server's pid and its
 * data directory. A JVM that is killed (SIGKILL, a crash) never runs its shutdown: its PostgreSQL
 * keeps running and its data directory stays in the temporary directory. The next start reads the
 * records whose JVM is gone and stops and removes exactly what they name, after checking that the
 * process is still that PostgreSQL (its command line names the recorded data directory) and that
 * the directory is one this class made: nothing else on the machine is touched.
 */
final class PostgresRunRecords {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunRecords.class);
    static final String DATA_DIRECTORY_PREFIX = "catalog-postgres-";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Path directory;

    PostgresRunRecords(Path directory) {
        this.directory = directory;
    }

    /** What one record names. */
    record Run(long ownerPid, Optional<Instant> ownerStarted, Path dataDirectory, Path file) {
    }

    /** Records that this JVM runs the server in {@code dataDirectory}. */
    Path write(Path dataDirectory) throws IOException {
        Files.createDirectories(directory);
        ProcessHandle self = ProcessHandle.current();
        Properties properties = new Properties();
        properties.setProperty("ownerPid", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(started -> properties.setProperty("ownerStarted", started.toString()));
        properties.setProperty("dataDirectory", dataDirectory.toAbsolutePath().toString());
        postmasterPid(dataDirectory).ifPresent(pid -> properties.setProperty("postgresPid", Long.toString(pid)));
        Path file = directory.resolve("postgres-" + dataDirectory.getFileName() + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "an embedded PostgreSQL of the local runtime; removed when it stops");
        }
        return file;
    }

    /**
     * Stops and removes what the records of JVMs that no longer run name.
     *
     * @return the data directories removed
     */
    List<Path> cleanUpAfterDeadOwners() {
        List<Path> removed = new ArrayList<>();
        for (Run run : read()) {
            if (ownerRuns(run)) {
                continue;
            }
            postmasterPid(run.dataDirectory()).flatMap(ProcessHandle::of)
                    .filter(process -> isPostgresOf(process, run.dataDirectory()))
                    .ifPresent(PostgresRunRecords::stop);
            if (isOurDataDirectory(run.dataDirectory())) {
                deleteTree(run.dataDirectory());
                removed.add(run.dataDirectory());
            }
            try {
                Files.deleteIfExists(run.file());
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", run.file(), e.toString());
            }
            LOG.info("stopped and removed the PostgreSQL a killed run left in {} (its JVM {} is gone)", run.dataDirectory(), run.ownerPid());
        }
        return removed;
    }

    List<Run> read() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Run> runs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "postgres-*.properties")) {
            for (Path file : files) {
                Properties properties = new Properties();
                try (var in = Files.newBufferedReader(file)) {
                    properties.load(in);
                    runs.add(new Run(Long.parseLong(properties.getProperty("ownerPid")),
                            Optional.ofNullable(properties.getProperty("ownerStarted")).map(Instant::parse),
                            Path.of(properties.getProperty("dataDirectory")), file));
                } catch (IOException | RuntimeException unreadable) {
                    LOG.warn("ignoring the unreadable run record {}: {}", file, unreadable.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs;
    }

    /** Alive and the same process: a reused pid has another start time. */
    private static boolean ownerRuns(Run run) {
        return ProcessHandle.of(run.ownerPid()).filter(ProcessHandle::isAlive)
                .filter(owner -> run.ownerStarted().isEmpty() || owner.info().startInstant().isEmpty()
                        || owner.info().startInstant().get().equals(run.ownerStarted().get()))
                .isPresent();
    }

    /** The postmaster's pid, the first line of {@code postmaster.pid} while the server runs. */
    static Optional<Long> postmasterPid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isPostgresOf(ProcessHandle process, Path dataDirectory) {
        Optional<String> commandLine = commandLine(process);
        return commandLine.isPresent() && commandLine.get().contains("postgres")
                && commandLine.get().contains(dataDirectory.toAbsolutePath().toString());
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                return Optional.of(new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return process.info().commandLine();
    }

    private static boolean isOurDataDirectory(Path dataDirectory) {
        Path name = dataDirectory.getFileName();
        return name != null && name.toString().startsWith(DATA_DIRECTORY_PREFIX) && Files.isDirectory(dataDirectory)
                && Files.exists(dataDirectory.resolve("PG_VERSION"));
    }

    /** SIGTERM first (PostgreSQL's smart shutdown; a killed owner left no clients), SIGKILL after the grace. */
    private static void stop(ProcessHandle postgres) {
        postgres.destroy();
        try {
            postgres.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            postgres.destroyForcibly();
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
