package dev.catalog.local.services;

import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import dev.catalog.local.iam.LocalIam;
import software.amazon.dynamodb.services.local.main.CommandLineInput;
import software.amazon.dynamodb.services.local.monitoring.Telemetry;
import software.amazon.dynamodb.services.local.monitoring.TelemetryUtil;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/** DynamoDB Local, in memory. */
public final class EmbeddedDynamoDb implements AutoCloseable {
    /** How DynamoDB Local names the thread that runs its SQLite statements. */
    static final String WRITER_THREAD_PREFIX = "SQLiteQueue";
    /** The position of the nice value in /proc/[pid]/task/[tid]/stat, counting from 1 (proc(5)). */
    private static final int NICE_FIELD = 19;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** With no function roles: every caller has full access. */
    public static EmbeddedDynamoDb start(int port) throws Exception {
        return start(port, new LocalIam());
    }

    /**
     * In memory, one set of tables whatever the caller's credentials and region (as {@code -sharedDb}),
     * so the AWS CLI sees what the functions wrote; each item operation decided by {@code iam} first.
     * Telemetry off: otherwise DynamoDB Local calls out to the internet.
     */
    public static EmbeddedDynamoDb start(int port, LocalIam iam) throws Exception {
        Telemetry.configureTelemetry(TelemetryUtil.SETUP_TYPE.MAVEN.name(), "IN_MEMORY_SHARED_DB", false);
        DynamoDBProxyServer server = new DynamoDBProxyServer(port,
                new LocalDynamoDBServerHandler(new AuthorizingDynamoDbHandler(iam), new CommandLineInput(new String[0]).getCorsParams()));
        server.start();
        return new EmbeddedDynamoDb(server, URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Raises the OS priority of the threads on which DynamoDB Local runs every SQLite statement,
     * one per server, each made by that server's first request. When every core is busy, such a
     * thread got only its fair share of CPU like any other runnable thread, and all DynamoDB
     * requests queued behind it. The raise takes effect only in a JVM started with
     * {@code -XX:ThreadPriorityPolicy=1} by root (as {@code make local} and {@code make bench} do
     * when run as root); elsewhere Java thread priorities do not reach the OS.
     *
     * @return whether any was found (none is until a server has served a request)
     */
    public static boolean raiseWriterThreadPriority() {
        List<Thread> writers = writerThreads();
        writers.forEach(thread -> thread.setPriority(Thread.MAX_PRIORITY));
        return !writers.isEmpty();
    }

    /**
     * The SQLite threads alive now. Enumerated from the root thread group rather than with
     * {@code Thread.getAllStackTraces()}, which walks every stack: 6–17 ms at the runtime's start.
     */
    public static List<Thread> writerThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // Room for threads started while enumerating; enumerate fills at most the array's length.
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count = root.enumerate(threads, true);
        return Arrays.stream(threads, 0, count).filter(thread -> thread.getName().startsWith(WRITER_THREAD_PREFIX)).toList();
    }

    /**
     * The OS nice value of that thread, from {@code /proc/self/task} (lower runs first; 0 is the
     * default); empty without {@code /proc} or before the thread exists.
     */
    public static OptionalInt writerThreadNice() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).startsWith(WRITER_THREAD_PREFIX)) {
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

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
