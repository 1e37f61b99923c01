package dev.catalog.projection;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link AttachmentViews} in the product views table: each product item holds an
 * {@code attachments} map keyed by attachment id. Items stay far below DynamoDB's 400 KB limit
 * for any sane number of attachments per product (each entry is a few hundred bytes).
 */
final class DynamoDbAttachmentViews implements AttachmentViews {
    private static final String PRODUCT_ID = "productId";
    private static final String ATTACHMENTS = "attachments";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbAttachmentViews(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public ProductViews.PutOutcome putIfNewer(AttachmentView attachment) {
        Map<String, AttributeValue> key = Map.of(PRODUCT_ID, AttributeValue.fromS(attachment.productId().toString()));
        try {
            // A nested path can only be set inside an existing map: make sure there is one, on an existing view only.
            dynamoDb.updateItem(request -> request.tableName(tableName).key(key)
                    .updateExpression("SET #attachments = if_not_exists(#attachments, :empty)")
                    .conditionExpression("attribute_exists(#productId)")
                    .expressionAttributeNames(Map.of("#attachments", ATTACHMENTS, "#productId", PRODUCT_ID))
                    .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
        } catch (ConditionalCheckFailedException e) {
            return ProductViews.PutOutcome.STALE;
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("UpdateItem", e);
        }
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName).key(key)
                    .updateExpression("SET #attachments.#id = :attachment")
                    .conditionExpression("attribute_not_exists(#attachments.#id) OR #attachments.#id.#version < :version")
                    .expressionAttributeNames(Map.of("#attachments", ATTACHMENTS, "#id", attachment.attachmentId().toString(),
                            "#version", "version"))
                    .expressionAttributeValues(Map.of(":attachment", AttributeValue.fromM(toMap(attachment)),
                            ":version", AttributeValue.fromN(Long.toString(attachment.version())))));
            return ProductViews.PutOutcome.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            return ProductViews.PutOutcome.STALE;
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("UpdateItem", e);
        }
    }

    @Override
    public Optional<AttachmentView> get(UUID productId, UUID attachmentId) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(request -> request.tableName(tableName)
                    .key(Map.of(PRODUCT_ID, AttributeValue.fromS(productId.toString())))
                    .projectionExpression("#deleted, #attachments.#id")
                    .expressionAttributeNames(Map.of("#deleted", "deleted", "#attachments", ATTACHMENTS, "#id", attachmentId.toString()))
                    .consistentRead(true)).item();
        } catch (SdkException e) {
            throw new ProductViewsUnavailableException("GetItem", e);
        }
        if (item == null || item.isEmpty() || Boolean.TRUE.equals(item.getOrDefault("deleted", AttributeValue.fromBool(false)).bool())) {
            return Optional.empty();
        }
        AttributeValue attachments = item.get(ATTACHMENTS);
        if (attachments == null || !attachments.hasM() || !attachments.m().containsKey(attachmentId.toString())) {
            return Optional.empty();
        }
        return Optional.of(fromMap(productId, attachmentId, attachments.m().get(attachmentId.toString()).m()));
    }

    static Map<String, AttributeValue> toMap(AttachmentView attachment) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("fileName", AttributeValue.fromS(attachment.fileName()));
        map.put("contentType", AttributeValue.fromS(attachment.contentType()));
        map.put("sizeBytes", AttributeValue.fromN(Long.toString(attachment.sizeBytes())));
        map.put("status", AttributeValue.fromS(attachment.status()));
        map.put("version", AttributeValue.fromN(Long.toString(attachment.version())));
        map.put("createdAt", AttributeValue.fromS(attachment.createdAt().toString()));
        map.put("updatedAt", AttributeValue.fromS(attachment.updatedAt().toString()));
        if (attachment.sha256() != null) {
            map.put("sha256", AttributeValue.fromS(attachment.sha256()));
        }
        if (attachment.rejectionReason() != null) {
            map.put("rejectionReason", AttributeValue.fromS(attachment.rejectionReason()));
        }
        return map;
    }

    static AttachmentView fromMap(UUID productId, UUID attachmentId, Map<String, AttributeValue> map) {
        return new AttachmentView(productId, attachmentId, map.get("fileName").s(), map.get("contentType").s(),
                Long.parseLong(map.get("sizeBytes").n()), map.containsKey("sha256") ? map.get("sha256").s() : null,
                map.get("status").s(), map.containsKey("rejectionReason") ? map.get("rejectionReason").s() : null,
                Long.parseLong(map.get("version").n()), Instant.parse(map.get("createdAt").s()), Instant.parse(map.get("updatedAt").s()));
    }
}
