package dev.catalog.local.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Watches a compile output directory (target/classes) and, once a compile has finished, loads
 * the handlers again from a new {@link GenerationClassLoader} and swaps them in. The embedded
 * services, their data and the SDK clients stay as they are.
 *
 * <p>A compile is taken as finished when nothing in the directory has changed for
 * {@link #QUIET_PERIOD}. When the new code cannot be loaded (a compile error removes the class
 * files; a half-written class fails to link) nothing is swapped, the previous generation keeps
 * running and the console says so; the next successful compile is picked up as usual.
 *
 * <p>Each generation loads from its own copy of the directory, taken when the compile had
 * finished: the next compile deletes and rewrites the class files, and a running generation
 * must still find the classes it has not loaded yet — above all when that compile fails.
 *
 * <p>Polling rather than a {@code WatchService}: it sees a whole tree without registering each
 * directory, and costs one directory walk of a few hundred files every {@link #POLL_INTERVAL}.
 */
public final class HotReload implements AutoCloseable {
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration QUIET_PERIOD = Duration.ofMillis(500);
    /**
     * How long a failed load is kept quiet in case the compile is still running: Maven deletes a
     * module's class files before javac writes them again, and javac may pause longer than the
     * quiet period. A failure that no further change follows within this time is reported.
     */
    static final Duration FAILURE_GRACE = Duration.ofSeconds(3);

    /**
     * The outcome of one reload attempt.
     *
     * @param generation the generation now running (unchanged when the attempt failed)
     * @param problem why the new code was not used, or null when it now runs
     */
    public record Attempt(int generation, Instant at, String problem) {
        public boolean succeeded() {
            return problem == null;
        }
    }

    private final Path classes;
    private final ClassLoader parent;
    private final Function<ClassLoader, Optional<String>> swapIn;
    private final ConsoleOutput console;
    private final Clock clock;
    private final AtomicInteger generations = new AtomicInteger(1);
    private final Thread watcher;
    private final Path snapshots;
    private volatile int running = 1;
    private volatile Attempt lastAttempt;
    private volatile boolean stopped;

    /**
     * @param swapIn loads every handler from the class loader given and swaps them in, all or
     *     none; answers the reason when it did not
     */
    public HotReload(Path classes, ClassLoader parent, Function<ClassLoader, Optional<String>> swapIn, ConsoleOutput console, Clock clock) {
        this.classes = classes;
        this.parent = parent;
        this.swapIn = swapIn;
        this.console = console;
        this.clock = clock;
        try {
            this.snapshots = Files.createTempDirectory("catalog-hot-reload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.watcher = new Thread(this::watch, "hot-reload");
        this.watcher.setDaemon(true);
    }

    /** The class loader of the first generation, which the runtime loads its handlers from. */
    public GenerationClassLoader firstGeneration() {
        return generation(1);
    }

    /** A class loader over a copy of the directory as it is now. */
    private GenerationClassLoader generation(int number) {
        Path copy = snapshots.resolve("generation-" + number);
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(classes.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Files vanish while a compile runs; what was copied fails to load and the next change retries.
        }
        return new GenerationClassLoader(copy, number, parent);
    }

    public HotReload start() {
        watcher.start();
        return this;
    }

    public Path directory() {
        return classes;
    }

    /** The generation whose code runs now (1 at start). */
    public int generation() {
        return running;
    }

    public Optional<Attempt> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }

    private void watch() {
        long seen = fingerprint();
        while (!stopped) {
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
                long now = fingerprint();
                if (now == seen) {
                    continue;
                }
                seen = awaitQuiet(now);
                Attempt attempt = load();
                if (!attempt.succeeded()) {
                    long after = awaitChange(seen, FAILURE_GRACE);
                    if (after != seen) {
                        continue; // the compile went on: the next round loads its result
                    }
                    report(attempt);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                console.notice("hot reload: watching " + classes + " failed: " + e);
            }
        }
    }

    /** Waits until the directory has not changed for the quiet period; answers its fingerprint then. */
    private long awaitQuiet(long changed) throws InterruptedException {
        long last = changed;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET_PERIOD.toNanos()) {
            Thread.sleep(100);
            long now = fingerprint();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return last;
    }

    /** Waits up to {@code limit} for the directory to change; answers its fingerprint then. */
    private long awaitChange(long seen, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            long now = fingerprint();
            if (now != seen) {
                return now;
            }
        }
        return seen;
    }

    /** Loads a new generation now and reports the outcome on the console. */
    public Attempt reload() {
        Attempt attempt = load();
        if (!attempt.succeeded()) {
            report(attempt);
        }
        return attempt;
    }

    private void report(Attempt failed) {
        String hint = failed.problem().contains("not found") ? " (did the compile fail? the next successful compile is loaded)" : "";
        console.notice("hot reload FAILED, generation " + failed.generation() + " keeps running: " + failed.problem() + hint);
    }

    private synchronized Attempt load() {
        int generation = generations.incrementAndGet();
        long startNanos = System.nanoTime();
        GenerationClassLoader loader = generation(generation);
        Optional<String> problem;
        try {
            problem = swapIn.apply(loader);
        } catch (RuntimeException | LinkageError e) {
            problem = Optional.of(e.toString());
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        Attempt attempt;
        if (problem.isEmpty()) {
            running = generation;
            attempt = new Attempt(generation, clock.instant(), null);
            console.notice("hot reload: generation " + generation + " of the handlers runs now (loaded in " + millis + " ms)");
        } else {
            closeQuietly(loader);
            attempt = new Attempt(running, clock.instant(), problem.get());
        }
        // Earlier generations stay open: an invocation that started on them may still load classes.
        lastAttempt = attempt;
        return attempt;
    }

    /** Changes whenever a file is added, removed, resized or rewritten under the directory. */
    private long fingerprint() {
        if (!Files.isDirectory(classes)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return 31L * file.hashCode() + Files.getLastModifiedTime(file).toMillis() * 17 + Files.size(file);
                } catch (IOException e) {
                    return file.hashCode(); // deleted while walking: the next poll sees the result
                }
            }).reduce(7, (a, b) -> a * 1_000_003L ^ b);
        } catch (IOException | UncheckedIOException e) {
            return -1; // mid-compile: directories come and go
        }
    }

    private static void closeQuietly(GenerationClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Only file handles: nothing to do about it.
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        watcher.interrupt();
        watcher.join(2000);
        // The runtime is stopping: no generation runs any more.
        try (Stream<Path> files = Files.walk(snapshots)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory: the OS cleans it eventually.
        }
    }
}
