package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/** Write units of PartiQL batches, estimated from the table definitions the counter saw. */
class BatchStatementWriteEstimateTest {

    @Test
    void oneUnitPerStatementWithoutIndexesAndThreePerStatementWithOneAllProjectionIndex() {
        BatchStatementWriteEstimate estimate = new BatchStatementWriteEstimate();
        estimate.learn(CreateTableRequest.builder().tableName("catalog-dev-commands").build());
        estimate.learn(table("catalog-dev-product-views", ProjectionType.ALL));

        assertEquals(25, estimate.writeUnits(batch(25, "UPDATE \"catalog-dev-commands\" SET \"status\" = ? WHERE \"pk\" = ?")));
        assertEquals(30, estimate.writeUnits(batch(10, "UPDATE \"catalog-dev-product-views\" SET \"name\" = ? WHERE \"productId\" = ?")));
    }

    @Test
    void onlyIndexesProjectingAllCountAndReadsCostNoWriteUnits() {
        BatchStatementWriteEstimate estimate = new BatchStatementWriteEstimate();
        estimate.learn(table("keys-only", ProjectionType.KEYS_ONLY));
        estimate.learn(table("two-all", ProjectionType.ALL, ProjectionType.ALL));

        assertEquals(1, estimate.writeUnits(batch(1, "DELETE FROM \"keys-only\" WHERE \"pk\" = ?")));
        assertEquals(5, estimate.writeUnits(batch(1, "insert into \"two-all\" value {'pk': ?}")));
        assertEquals(0, estimate.writeUnits(batch(3, "SELECT * FROM \"two-all\" WHERE \"pk\" = ?")));
        assertEquals(List.of(1, 3, 5), List.of(BatchStatementWriteEstimate.perStatement(0), BatchStatementWriteEstimate.perStatement(1),
                BatchStatementWriteEstimate.perStatement(2)));
    }

    @Test
    void readsTheTableOfQuotedAndPlainNames() {
        assertEquals(Optional.of("catalog-dev-commands"), BatchStatementWriteEstimate.writeTarget("  UPDATE \"catalog-dev-commands\" SET a = ?"));
        assertEquals(Optional.of("odd\"name"), BatchStatementWriteEstimate.writeTarget("UPDATE \"odd\"\"name\" SET a = ?"));
        assertEquals(Optional.of("Plain_1"), BatchStatementWriteEstimate.writeTarget("DELETE FROM Plain_1 WHERE pk = ?"));
        assertEquals(Optional.empty(), BatchStatementWriteEstimate.writeTarget("SELECT * FROM \"t\""));
        assertEquals("catalog-dev-commands", BatchStatementWriteEstimate.target(batch(2, "UPDATE \"catalog-dev-commands\" SET a = ?")));
    }

    @Test
    void saysWhatItAssumedForEachTableItEstimated() {
        BatchStatementWriteEstimate estimate = new BatchStatementWriteEstimate();
        estimate.learn(CreateTableRequest.builder().tableName("catalog-dev-commands").build());
        estimate.learn(table("catalog-dev-product-views", ProjectionType.ALL));
        estimate.learn(table("never-written", ProjectionType.ALL));
        estimate.writeUnits(batch(1, "UPDATE \"catalog-dev-product-views\" SET a = ?"));
        estimate.writeUnits(batch(1, "UPDATE \"catalog-dev-commands\" SET a = ?"));
        estimate.writeUnits(batch(1, "UPDATE \"unknown\" SET a = ?"));

        List<String> lines = estimate.assumptions();

        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("BatchExecuteStatement on catalog-dev-commands: 1 WRU per write statement"), lines.get(0));
        assertTrue(lines.get(1).startsWith("BatchExecuteStatement on catalog-dev-product-views: 3 WRU per write statement (1 + 2 x 1 GSI"),
                lines.get(1));
        assertTrue(lines.get(2).contains("unknown: 1 WRU") && lines.get(2).contains("not seen"), lines.get(2));
    }

    @Test
    void theCounterCountsStatementsAsEntriesAndNamesTheirTable() {
        BatchExecuteStatementRequest batch = batch(7, "UPDATE \"catalog-dev-commands\" SET a = ?");

        assertEquals(7, RequestCounter.entriesOf(batch));
        assertEquals("catalog-dev-commands", RequestCounter.targetOf(batch));
        assertTrue(RequestCounter.isWrite("BatchExecuteStatement"));
    }

    private static CreateTableRequest table(String name, ProjectionType... projections) {
        List<GlobalSecondaryIndex> indexes = new java.util.ArrayList<>();
        for (int i = 0; i < projections.length; i++) {
            indexes.add(GlobalSecondaryIndex.builder().indexName("index" + i)
                    .projection(Projection.builder().projectionType(projections[i]).build()).build());
        }
        return CreateTableRequest.builder().tableName(name).globalSecondaryIndexes(indexes).build();
    }

    private static BatchExecuteStatementRequest batch(int statements, String statement) {
        return BatchExecuteStatementRequest.builder().statements(java.util.stream.Stream.generate(
                () -> BatchStatementRequest.builder().statement(statement).build()).limit(statements).toList()).build();
    }
}
