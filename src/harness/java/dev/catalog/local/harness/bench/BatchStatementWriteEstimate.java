package dev.catalog.local.harness.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * Write units of PartiQL batches, which DynamoDB Local bills without saying how much (its
 * BatchExecuteStatement answer carries no ConsumedCapacity). Estimated per write statement from
 * the table's definition, seen when the table is created: 1 on a table without global secondary
 * indexes; otherwise 1 + 2 per index projecting ALL attributes, the worst case of an update that
 * moves the item in the index (the base write, then a delete and a put in the index), assuming
 * items of at most 1 KB.
 */
final class BatchStatementWriteEstimate {
    /** The table a statement names: UPDATE "t", INSERT INTO "t", DELETE FROM "t" (quoted or not). */
    private static final Pattern WRITE_TARGET = Pattern.compile(
            "^\\s*(?:UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+(?:\"((?:[^\"]|\"\")+)\"|([A-Za-z0-9_.-]+))", Pattern.CASE_INSENSITIVE);

    private final Map<String, Integer> allProjectionIndexes = new ConcurrentHashMap<>();
    private final Set<String> estimatedTables = ConcurrentHashMap.newKeySet();

    /** Remembers the indexes of a table being created. */
    void learn(CreateTableRequest table) {
        int indexes = 0;
        if (table.hasGlobalSecondaryIndexes()) {
            for (GlobalSecondaryIndex index : table.globalSecondaryIndexes()) {
                if (index.projection() != null && index.projection().projectionType() == ProjectionType.ALL) {
                    indexes++;
                }
            }
        }
        allProjectionIndexes.put(table.tableName(), indexes);
    }

    /** Write units per write statement on a table with that many ALL-projection global secondary indexes. */
    static int perStatement(int allProjectionIndexes) {
        return 1 + 2 * allProjectionIndexes;
    }

    /** The estimate for the batch's write statements; reads (SELECT) are not counted. */
    double writeUnits(BatchExecuteStatementRequest batch) {
        double units = 0;
        for (BatchStatementRequest statement : batch.statements()) {
            Optional<String> table = writeTarget(statement.statement());
            if (table.isPresent()) {
                estimatedTables.add(table.get());
                units += perStatement(allProjectionIndexes.getOrDefault(table.get(), 0));
            }
        }
        return units;
    }

    /** The table the first write statement names, or "-". */
    static String target(BatchExecuteStatementRequest batch) {
        return batch.statements().stream().map(statement -> writeTarget(statement.statement())).flatMap(Optional::stream)
                .findFirst().orElse("-");
    }

    static Optional<String> writeTarget(String statement) {
        Matcher matcher = WRITE_TARGET.matcher(statement == null ? "" : statement);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(1) != null ? matcher.group(1).replace("\"\"", "\"") : matcher.group(2));
    }

    /** One line per table estimated so far, saying what was assumed. */
    List<String> assumptions() {
        Map<String, Integer> sorted = new TreeMap<>();
        estimatedTables.forEach(table -> sorted.put(table, allProjectionIndexes.getOrDefault(table, -1)));
        return sorted.entrySet().stream().map(entry -> {
            int indexes = Math.max(0, entry.getValue());
            String why = entry.getValue() < 0 ? "table definition not seen, taken as without indexes"
                    : indexes == 0 ? "no GSI projecting ALL"
                    : "1 + 2 x " + indexes + " GSI projecting ALL: the item, then a delete and a put in the index";
            return String.format("BatchExecuteStatement on %s: %d WRU per write statement (%s; DynamoDB Local reports no"
                    + " consumed capacity for it, items taken as <= 1 KB)", entry.getKey(), perStatement(indexes), why);
        }).toList();
    }
}
