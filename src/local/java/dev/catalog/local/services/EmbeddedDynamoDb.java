package dev.catalog.local.services;

import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.stream.Stream;
import software.amazon.dynamodb.services.local.main.ServerRunner;

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

    /**
     * {@code -disableTelemetry}: otherwise DynamoDB Local calls out to the internet. {@code -sharedDb}: one
     * set of tables whatever the caller's credentials and region, so the AWS CLI sees what the functions wrote.
     */
    public static EmbeddedDynamoDb start(int port) throws Exception {
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
        server.start();
        return new EmbeddedDynamoDb(server, URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Raises the OS priority of the thread on which DynamoDB Local runs every SQLite statement.
     * There is one such thread, made by the first request. When every core is busy, it got only
     * its fair share of CPU like any other runnable thread, and all DynamoDB requests queued
     * behind it. The raise takes effect only in a JVM started with
     * {@code -XX:ThreadPriorityPolicy=1} by root (as {@code make local} and {@code make bench} do
     * when run as root); elsewhere Java thread priorities do not reach the OS.
     *
     * @return whether the thread was found (it is not until DynamoDB Local has served a request)
     */
    public static boolean raiseWriterThreadPriority() {
        boolean found = false;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(WRITER_THREAD_PREFIX)) {
                thread.setPriority(Thread.MAX_PRIORITY);
                found = true;
            }
        }
        return found;
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
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux), or the thread ended while it was read: nothing to tell.
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
