package dev.catalog.projection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementError;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Product views in the DynamoDB table {@code ProductViewsTable} (pk {@code productId}), listed
 * through its GSI {@code byName} ({@code listing}, {@code nameKey}).
 *
 * <p>Only live products carry the GSI key attributes, so tombstones never appear in the listing
 * and the listing query needs no filter (a filter would make pages come back short).
 *
 * <p>{@link #putAllIfNewer(List)} updates existing views with BatchExecuteStatement (up to
 * {@value #MAX_STATEMENTS} conditional PartiQL UPDATEs per request); a PartiQL UPDATE never
 * creates an item, so views that do not exist yet, first versions among them, are created by
 * {@link #putIfNewer(ProductView)}.
 */
final class DynamoDbProductViews implements ProductViews {
    static final String BY_NAME_INDEX = "byName";
    /** The single partition of the listing index: every live product is in it. */
    static final String LISTING = "PRODUCT";

    private static final String PRODUCT_ID = "productId";
    private static final String NAME = "name";
    private static final String DESCRIPTION = "description";
    private static final String VERSION = "version";
    private static final String DELETED = "deleted";
    private static final String CREATED_AT = "createdAt";
    private static final String UPDATED_AT = "updatedAt";
    private static final String LISTING_KEY = "listing";
    private static final String NAME_KEY = "nameKey";
    /** DynamoDB's limit of statements per BatchExecuteStatement. */
    static final int MAX_STATEMENTS = 25;
    /** A product's version when it is created. */
    private static final long FIRST_VERSION = 1;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String liveStatement;
    private final String tombstoneStatement;

    public DynamoDbProductViews(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        // The table name comes from the deployment, never from an event; every value is a parameter.
        String update = "UPDATE \"" + tableName.replace("\"", "\"\"") + "\" SET \"name\" = ? SET \"description\" = ? SET \"version\" = ?"
                + " SET \"deleted\" = ? SET \"createdAt\" = ? SET \"updatedAt\" = ?";
        String where = " WHERE \"productId\" = ? AND \"version\" < ?";
        this.liveStatement = update + " SET \"listing\" = ? SET \"nameKey\" = ?" + where;
        // A tombstone loses the index keys and so drops out of the listing.
        this.tombstoneStatement = update + " REMOVE \"listing\" REMOVE \"nameKey\"" + where;
    }

    /**
     * An UpdateItem rather than a PutItem: the item also holds the product's {@code attachments}
     * map, which the attachment events maintain and a product event must not wipe.
     */
    @Override
    public PutOutcome putIfNewer(ProductView view) {
        Map<String, String> names = new HashMap<>(Map.of("#productId", PRODUCT_ID, "#name", NAME, "#description", DESCRIPTION,
                "#version", VERSION, "#deleted", DELETED, "#createdAt", CREATED_AT, "#updatedAt", UPDATED_AT,
                "#listing", LISTING_KEY, "#nameKey", NAME_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":name", text(view.name()), ":description", text(view.description()),
                ":version", number(view.version()), ":deleted", AttributeValue.fromBool(view.deleted()),
                ":createdAt", text(view.createdAt().toString()), ":updatedAt", text(view.updatedAt().toString())));
        String update = "SET #name = :name, #description = :description, #version = :version, #deleted = :deleted, "
                + "#createdAt = :createdAt, #updatedAt = :updatedAt";
        if (view.deleted()) {
            // A tombstone loses the index keys and so drops out of the listing.
            update += " REMOVE #listing, #nameKey";
        } else {
            update += ", #listing = :listing, #nameKey = :nameKey";
            values.put(":listing", text(LISTING));
            values.put(":nameKey", text(view.nameKey()));
        }
        String expression = update;
        try {
            dynamoDb.updateItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(PRODUCT_ID, text(view.productId().toString())))
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(#productId) OR #version < :version")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return PutOutcome.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            return PutOutcome.STALE;
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("UpdateItem", e);
        }
    }

    @Override
    public List<PutResult> putAllIfNewer(List<ProductView> views) {
        ProductViews.requireDistinctProducts(views);
        PutResult[] results = new PutResult[views.size()];
        List<Integer> updates = new ArrayList<>();
        for (int position = 0; position < views.size(); position++) {
            if (views.get(position).version() == FIRST_VERSION) {
                // A first version has no view to update (or it is a duplicate): a PartiQL UPDATE would only fail first.
                results[position] = create(views.get(position));
            } else {
                updates.add(position);
            }
        }
        for (int from = 0; from < updates.size(); from += MAX_STATEMENTS) {
            List<Integer> chunk = updates.subList(from, Math.min(updates.size(), from + MAX_STATEMENTS));
            List<PutResult> chunkResults = putChunk(chunk.stream().map(views::get).toList());
            for (int index = 0; index < chunk.size(); index++) {
                results[chunk.get(index)] = chunkResults.get(index);
            }
        }
        return List.of(results);
    }

    /** The conditional UpdateItem, which creates a missing view; of two racing creates the higher version wins. */
    private PutResult create(ProductView view) {
        try {
            return PutResult.of(putIfNewer(view));
        } catch (ProductViewsUnavailableException e) {
            return PutResult.notWritten(e.getCause().getClass().getSimpleName());
        }
    }

    private List<PutResult> putChunk(List<ProductView> chunk) {
        List<BatchStatementRequest> statements = chunk.stream().map(this::statement).toList();
        List<BatchStatementResponse> responses;
        try {
            responses = dynamoDb.batchExecuteStatement(request -> request.statements(statements)).responses();
        } catch (SdkException e) {
            String error = e.getClass().getSimpleName();
            return chunk.stream().map(view -> PutResult.notWritten(error)).toList();
        }
        List<PutResult> results = new ArrayList<>();
        for (int index = 0; index < chunk.size(); index++) {
            results.add(index < responses.size() ? result(chunk.get(index), responses.get(index).error())
                    : PutResult.notWritten("MissingStatementResponse"));
        }
        return results;
    }

    private PutResult result(ProductView view, BatchStatementError error) {
        if (error == null) {
            return PutResult.of(PutOutcome.APPLIED);
        }
        if (error.code() != BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
            return PutResult.notWritten(error.codeAsString() == null ? "UnknownError" : error.codeAsString());
        }
        if (error.hasItem() && !error.item().isEmpty()) {
            return PutResult.of(PutOutcome.STALE);
        }
        return create(view); // no view yet (its first versions went elsewhere or are still on the way)
    }

    private BatchStatementRequest statement(ProductView view) {
        List<AttributeValue> parameters = new ArrayList<>(List.of(text(view.name()), text(view.description()),
                number(view.version()), AttributeValue.fromBool(view.deleted()), text(view.createdAt().toString()),
                text(view.updatedAt().toString())));
        if (!view.deleted()) {
            parameters.add(text(LISTING));
            parameters.add(text(view.nameKey()));
        }
        parameters.add(text(view.productId().toString()));
        parameters.add(number(view.version()));
        return BatchStatementRequest.builder()
                .statement(view.deleted() ? tombstoneStatement : liveStatement)
                .parameters(parameters)
                // The old item tells a newer view (present: stale) from a missing one (absent: create it).
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    @Override
    public Optional<ProductView> get(UUID productId) {
        Map<String, AttributeValue> item;
        try {
            // Strongly consistent: a client that saw its command succeed must see its change.
            item = dynamoDb.getItem(request -> request
                    .tableName(tableName)
                    .key(Map.of(PRODUCT_ID, text(productId.toString())))
                    .consistentRead(true)).item();
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("GetItem", e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public ProductPage listByNamePrefix(String lowerCasePrefix, int limit, Optional<PageCursor> after) {
        Map<String, String> names = new HashMap<>(Map.of("#listing", LISTING_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":listing", text(LISTING)));
        String condition = "#listing = :listing";
        if (!lowerCasePrefix.isEmpty()) {
            // DynamoDB rejects an empty begins_with operand; no prefix means the whole partition.
            condition += " AND begins_with(#nameKey, :prefix)";
            names.put("#nameKey", NAME_KEY);
            values.put(":prefix", text(lowerCasePrefix));
        }
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(BY_NAME_INDEX)
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                // One more than asked: tells whether another page exists without a query that comes back empty.
                .limit(limit + 1);
        after.ifPresent(cursor -> request.exclusiveStartKey(Map.of(
                PRODUCT_ID, text(cursor.productId().toString()),
                LISTING_KEY, text(LISTING),
                NAME_KEY, text(cursor.nameKey()))));
        QueryResponse response;
        try {
            response = dynamoDb.query(request.build());
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("Query", e);
        }
        List<ProductView> found = response.items().stream().map(DynamoDbProductViews::fromItem).toList();
        if (found.size() > limit) {
            List<ProductView> page = found.subList(0, limit);
            return new ProductPage(page, Optional.of(PageCursor.after(page.get(limit - 1))));
        }
        // Fewer than asked may still leave more behind when the 1 MB response limit cut the page.
        Optional<PageCursor> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !found.isEmpty()
                ? Optional.of(PageCursor.after(found.get(found.size() - 1)))
                : Optional.empty();
        return new ProductPage(found, next);
    }

    static ProductView fromItem(Map<String, AttributeValue> item) {
        return new ProductView(
                UUID.fromString(item.get(PRODUCT_ID).s()),
                item.get(NAME).s(),
                item.get(DESCRIPTION).s(),
                Long.parseLong(item.get(VERSION).n()),
                Boolean.TRUE.equals(item.get(DELETED).bool()),
                Instant.parse(item.get(CREATED_AT).s()),
                Instant.parse(item.get(UPDATED_AT).s()));
    }

    private static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
