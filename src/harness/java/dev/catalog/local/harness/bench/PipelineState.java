package dev.catalog.local.harness.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads what the pipeline left behind once a run is over: every command's status from the
 * commands table (one paginated Scan, rather than GETs during the run) and, for every product,
 * its DynamoDB view next to its Aurora row.
 */
final class PipelineState {
    private PipelineState() {
    }

    /**
     * One commands-table item.
     *
     * @param completedAt null while the command is ACCEPTED
     * @param errorCode null unless FAILED
     */
    record CommandItem(UUID commandId, String status, Instant acceptedAt, Instant completedAt, String errorCode) {
    }

    /** A product as a store holds it: the fields both stores must agree on. */
    record ProductState(long version, String name, boolean deleted) {
    }

    /** How many products' views equal their Aurora rows, and the first differences. */
    record ViewComparison(int products, int equal, List<String> differences) {
        boolean allEqual() {
            return equal == products;
        }
    }

    static Map<UUID, CommandItem> commands(DynamoDbClient dynamoDb, String table) {
        Map<UUID, CommandItem> items = new HashMap<>();
        ScanRequest request = ScanRequest.builder().tableName(table)
                .projectionExpression("commandId, #status, acceptedAt, completedAt, #error")
                .expressionAttributeNames(Map.of("#status", "status", "#error", "error"))
                .build();
        dynamoDb.scanPaginator(request).items().forEach(item -> {
            UUID commandId = UUID.fromString(item.get("commandId").s());
            AttributeValue completedAt = item.get("completedAt");
            AttributeValue error = item.get("error");
            String errorCode = error != null && error.hasM() && error.m().containsKey("code") ? error.m().get("code").s() : null;
            items.put(commandId, new CommandItem(commandId, item.get("status").s(), Instant.parse(item.get("acceptedAt").s()),
                    completedAt == null ? null : Instant.parse(completedAt.s()), errorCode));
        });
        return items;
    }

    static Map<UUID, ProductState> views(DynamoDbClient dynamoDb, String table) {
        Map<UUID, ProductState> views = new HashMap<>();
        ScanRequest request = ScanRequest.builder().tableName(table)
                .projectionExpression("productId, #name, version, deleted")
                .expressionAttributeNames(Map.of("#name", "name"))
                .build();
        dynamoDb.scanPaginator(request).items().forEach(item -> views.put(UUID.fromString(item.get("productId").s()),
                new ProductState(Long.parseLong(item.get("version").n()), item.get("name").s(),
                        Boolean.TRUE.equals(item.get("deleted").bool()))));
        return views;
    }

    static Map<UUID, ProductState> auroraRows(DataSource database) throws SQLException {
        Map<UUID, ProductState> rows = new HashMap<>();
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, name, version, deleted FROM products")) {
            while (result.next()) {
                rows.put(result.getObject("id", UUID.class), new ProductState(result.getLong("version"), result.getString("name"),
                        result.getBoolean("deleted")));
            }
        }
        return rows;
    }

    /** Compares the two stores for {@code products}; a product missing from either store is a difference. */
    static ViewComparison compare(Collection<UUID> products, Map<UUID, ProductState> views, Map<UUID, ProductState> aurora) {
        int equal = 0;
        List<String> differences = new ArrayList<>();
        for (UUID product : products) {
            ProductState view = views.get(product);
            ProductState row = aurora.get(product);
            if (view != null && Objects.equals(view, row)) {
                equal++;
            } else if (differences.size() < 10) {
                differences.add(product + ": view " + view + ", Aurora " + row);
            }
        }
        return new ViewComparison(products.size(), equal, differences);
    }
}
