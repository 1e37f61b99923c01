package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.catalog.local.aws.dynamodb.DynamoDbWriterThreads;
import dev.catalog.testsupport.DeclaredTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ThreadNiceIT {

    @Test
    void readsTheNiceOfDynamoDbLocalsSqliteThread() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc on this system");
        try (DeclaredTables tables = DeclaredTables.start("CommandsTable")) {
            tables.dynamoDb().listTables();

            // This JVM runs without -XX:ThreadPriorityPolicy=1: the thread keeps the process's nice, as this one does.
            int ownNice = ThreadNice.niceOf(Files.readString(Path.of("/proc/thread-self/stat")));
            assertEquals(ownNice, ThreadNice.ofThreadNamed(DynamoDbWriterThreads.NAME_PREFIX).orElseThrow());
        }
    }
}
