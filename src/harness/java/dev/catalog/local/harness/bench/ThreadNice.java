package dev.catalog.local.harness.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The OS nice value of a thread of this JVM (lower runs first; 0 is the default), read from {@code /proc/self/task}. */
final class ThreadNice {
    /** The position of the nice value in /proc/[pid]/task/[tid]/stat, counting from 1 (proc(5)). */
    private static final int NICE_FIELD = 19;

    private ThreadNice() {
    }

    /** Of the first thread whose name starts with {@code namePrefix}; empty without {@code /proc} or before the thread exists. */
    static OptionalInt ofThreadNamed(String namePrefix) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).startsWith(namePrefix)) {
                    return OptionalInt.of(niceOf(Files.readString(task.resolve("stat"))));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // No /proc (not Linux), or a thread ended while it was read: nothing to tell.
        }
        return OptionalInt.empty();
    }

    /** The nice value in a thread's {@code /proc/.../stat} line. */
    static int niceOf(String stat) {
        // After the ")" that closes the thread's name come the fields from the third on.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(fields[NICE_FIELD - 3]);
    }
}
