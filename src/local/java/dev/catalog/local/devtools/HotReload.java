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
 * <p>Polling rather than a {@code WatchService}: it sees a whole tree without registering each
 * directory, and costs one directory walk of a few hundred files every {@link #POLL_INTERVAL}.
 */
public final class HotReload implements AutoCloseable {
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration QUIET_PERIOD = Duration.ofMillis(500);

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
        this.watcher = new Thread(this::watch, "hot-reload");
        this.watcher.setDaemon(true);
    }

    /** The class loader of the first generation, which the runtime loads its handlers from. */
    public GenerationClassLoader firstGeneration() {
        return new GenerationClassLoader(classes, 1, parent);
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
                reload();
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

    /** Loads a new generation now; also what the watcher does after a compile. */
    public synchronized Attempt reload() {
        int generation = generations.incrementAndGet();
        long startNanos = System.nanoTime();
        GenerationClassLoader loader = new GenerationClassLoader(classes, generation, parent);
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
            console.notice("hot reload FAILED, generation " + running + " keeps running: " + problem.get());
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
    }
}
