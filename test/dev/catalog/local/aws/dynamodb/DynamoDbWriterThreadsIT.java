package dev.catalog.local.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.testsupport.DeclaredTables;
import org.junit.jupiter.api.Test;

class DynamoDbWriterThreadsIT {

    @Test
    void theSqliteThreadOfDynamoDbLocalIsFoundAndGivenTheHighestPriority() throws Exception {
        // Creating the table is DynamoDB Local's first request, which makes its SQLite thread.
        try (DeclaredTables tables = DeclaredTables.start("CommandsTable")) {
            tables.dynamoDb().listTables();

            assertTrue(DynamoDbWriterThreads.raisePriority(), "DynamoDB Local's SQLite thread was not found by its name");
            assertTrue(DynamoDbWriterThreads.alive().stream().allMatch(thread -> thread.getPriority() == Thread.MAX_PRIORITY));
        }
    }
}
