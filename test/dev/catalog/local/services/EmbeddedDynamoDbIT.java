package dev.catalog.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.testsupport.DeclaredTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedDynamoDbIT {

    @Test
    void theSqliteThreadOfDynamoDbLocalIsFoundAndGivenTheHighestPriority() throws Exception {
        // Creating the table is DynamoDB Local's first request, which makes its SQLite thread.
        try (DeclaredTables tables = DeclaredTables.start("CommandsTable")) {
            tables.dynamoDb().listTables();

            assertTrue(EmbeddedDynamoDb.raiseWriterThreadPriority(), "DynamoDB Local's SQLite thread was not found by its name");
            assertTrue(EmbeddedDynamoDb.writerThreads().stream().allMatch(thread -> thread.getPriority() == Thread.MAX_PRIORITY));
            if (Files.isDirectory(Path.of("/proc/self/task"))) {
                // This JVM runs without -XX:ThreadPriorityPolicy=1: the thread keeps the process's nice, as this one does.
                int ownNice = EmbeddedDynamoDb.niceOf(Files.readString(Path.of("/proc/thread-self/stat")));
                assertEquals(ownNice, EmbeddedDynamoDb.writerThreadNice().orElseThrow());
            }
        }
    }
}
