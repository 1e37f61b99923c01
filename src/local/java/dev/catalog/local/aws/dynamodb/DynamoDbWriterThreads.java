package dev.catalog.local.aws.dynamodb;

import java.util.Arrays;
import java.util.List;

/**
 * The threads on which DynamoDB Local runs every SQLite statement, one per server, each made by
 * that server's first request. When every core is busy such a thread gets only its fair share of
 * CPU like any other runnable thread, and all DynamoDB requests queue behind it; the runtime raises it.
 */
public final class DynamoDbWriterThreads {
    /** How DynamoDB Local names the thread that runs its SQLite statements. */
    public static final String NAME_PREFIX = "SQLiteQueue";

    private DynamoDbWriterThreads() {
    }

    /**
     * Raises their Java priority. It reaches the OS only in a JVM started with
     * {@code -XX:ThreadPriorityPolicy=1} by root (as {@code make local} and {@code make bench} do when
     * run as root); elsewhere Java thread priorities do not reach the OS.
     *
     * @return whether any was found (none is until a server has served a request)
     */
    public static boolean raisePriority() {
        List<Thread> writers = alive();
        writers.forEach(thread -> thread.setPriority(Thread.MAX_PRIORITY));
        return !writers.isEmpty();
    }

    /**
     * Those alive now. Enumerated from the root thread group rather than with
     * {@code Thread.getAllStackTraces()}, which walks every stack: 6–17 ms at the runtime's start.
     */
    public static List<Thread> alive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // Room for threads started while enumerating; enumerate fills at most the array's length.
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count = root.enumerate(threads, true);
        return Arrays.stream(threads, 0, count).filter(thread -> thread.getName().startsWith(NAME_PREFIX)).toList();
    }
}
