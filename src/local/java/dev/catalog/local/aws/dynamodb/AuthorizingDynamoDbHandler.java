package dev.catalog.local.aws.dynamodb;

import dev.catalog.local.aws.iam.LocalIam;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.dynamodb.services.exceptions.AWSExceptionFactory;
import software.amazon.dynamodb.services.exceptions.AmazonServiceExceptionType;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

/**
 * DynamoDB Local's request handler, deciding each item operation by the caller's role first, as
 * DynamoDB does: the IAM action per table or index (a transaction's and a batch's per item, a
 * PartiQL statement's by its verb), refused with DynamoDB's own {@code AccessDeniedException}.
 * Table administration (create, describe, list) is the runtime's and is not checked.
 */
final class AuthorizingDynamoDbHandler extends LocalDynamoDBRequestHandler {
    /** DynamoDB Local's table ARNs: its own region and account, whatever the client's. */
    static final String TABLE_ARN_PREFIX = "arn:aws:dynamodb:ddblocal:000000000000:table/";
    /** The verb and the table (with its index, if any) of a PartiQL statement, quoted or not. */
    private static final Pattern STATEMENT = Pattern.compile(
            "^\\s*(?:(SELECT)\\b.*?\\bFROM|(INSERT)\\s+INTO|(UPDATE)|(DELETE)\\s+FROM)\\s+"
                    + "(?:\"([^\"]+)\"|([A-Za-z0-9_-]+))(?:\\.(?:\"([^\"]+)\"|([A-Za-z0-9_-]+)))?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final LocalIam iam;

    AuthorizingDynamoDbHandler(LocalIam iam) throws DynamoDBLocalServiceException {
        // Like -inMemory -sharedDb: one set of tables whatever the caller's credentials and region.
        super(0, true, null, true, false);
        this.iam = iam;
    }

    @Override
    public GetItemResponse getItem(String accessKey, String region, GetItemRequest request) {
        require(accessKey, "GetItem", table(request.tableName()));
        return super.getItem(accessKey, region, request);
    }

    @Override
    public PutItemResponse putItem(String accessKey, String region, PutItemRequest request) {
        require(accessKey, "PutItem", table(request.tableName()));
        return super.putItem(accessKey, region, request);
    }

    @Override
    public UpdateItemResponse updateItem(String accessKey, String region, UpdateItemRequest request) {
        require(accessKey, "UpdateItem", table(request.tableName()));
        return super.updateItem(accessKey, region, request);
    }

    @Override
    public DeleteItemResponse deleteItem(String accessKey, String region, DeleteItemRequest request) {
        require(accessKey, "DeleteItem", table(request.tableName()));
        return super.deleteItem(accessKey, region, request);
    }

    @Override
    public QueryResponse query(String accessKey, String region, QueryRequest request) {
        require(accessKey, "Query", index(request.tableName(), request.indexName()));
        return super.query(accessKey, region, request);
    }

    @Override
    public ScanResponse scan(String accessKey, String region, ScanRequest request) {
        require(accessKey, "Scan", index(request.tableName(), request.indexName()));
        return super.scan(accessKey, region, request);
    }

    @Override
    public BatchGetItemResponse batchGetItem(String accessKey, String region, BatchGetItemRequest request) {
        request.requestItems().keySet().forEach(table -> require(accessKey, "BatchGetItem", table(table)));
        return super.batchGetItem(accessKey, region, request);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(String accessKey, String region, BatchWriteItemRequest request) {
        request.requestItems().keySet().forEach(table -> require(accessKey, "BatchWriteItem", table(table)));
        return super.batchWriteItem(accessKey, region, request);
    }

    @Override
    public TransactGetItemsResponse transactGetItems(String accessKey, String region, TransactGetItemsRequest request) {
        request.transactItems().forEach(item -> require(accessKey, "GetItem", table(item.get().tableName())));
        return super.transactGetItems(accessKey, region, request);
    }

    /** A transaction is authorised per item, by the action the item would be on its own. */
    @Override
    public TransactWriteItemsResponse transactWriteItems(String accessKey, String region, TransactWriteItemsRequest request) {
        for (TransactWriteItem item : request.transactItems()) {
            if (item.put() != null) {
                require(accessKey, "PutItem", table(item.put().tableName()));
            } else if (item.update() != null) {
                require(accessKey, "UpdateItem", table(item.update().tableName()));
            } else if (item.delete() != null) {
                require(accessKey, "DeleteItem", table(item.delete().tableName()));
            } else if (item.conditionCheck() != null) {
                require(accessKey, "ConditionCheckItem", table(item.conditionCheck().tableName()));
            }
        }
        return super.transactWriteItems(accessKey, region, request);
    }

    @Override
    public ExecuteStatementResponse executeStatement(String accessKey, String region, ExecuteStatementRequest request) {
        requireStatement(accessKey, request.statement());
        return super.executeStatement(accessKey, region, request);
    }

    @Override
    public BatchExecuteStatementResponse batchExecuteStatement(String accessKey, String region, BatchExecuteStatementRequest request) {
        request.statements().stream().map(BatchStatementRequest::statement).forEach(statement -> requireStatement(accessKey, statement));
        return super.batchExecuteStatement(accessKey, region, request);
    }

    @Override
    public ExecuteTransactionResponse executeTransaction(String accessKey, String region, ExecuteTransactionRequest request) {
        request.transactStatements().stream().map(ParameterizedStatement::statement).forEach(statement -> requireStatement(accessKey, statement));
        return super.executeTransaction(accessKey, region, request);
    }

    /** PartiQL: {@code dynamodb:PartiQL<Verb>} on the table (or index) the statement names. */
    private void requireStatement(String accessKey, String statement) {
        if (iam.roleOf(accessKey).isEmpty()) {
            return;
        }
        Matcher matcher = STATEMENT.matcher(statement);
        if (!matcher.find()) {
            throw denied("the local runtime cannot tell which table this PartiQL statement reads or writes: " + statement);
        }
        String verb = firstPresent(matcher, 1, 4).toUpperCase(Locale.ROOT);
        String action = "PartiQL" + verb.charAt(0) + verb.substring(1).toLowerCase(Locale.ROOT);
        String index = matcher.group(7) != null || matcher.group(8) != null ? firstPresent(matcher, 7, 8) : null;
        require(accessKey, action, index(firstPresent(matcher, 5, 6), index));
    }

    private static String firstPresent(Matcher matcher, int from, int to) {
        for (int group = from; group <= to; group++) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        throw new IllegalStateException("no group " + from + "-" + to + " matched");
    }

    private void require(String accessKey, String action, String resource) {
        iam.authorize(accessKey, "dynamodb:" + action, resource, Map.of()).denial().ifPresent(message -> {
            throw denied(message);
        });
    }

    private static DynamoDBLocalServiceException denied(String message) {
        return AWSExceptionFactory.buildAWSException(AmazonServiceExceptionType.ACCESS_DENIED_EXCEPTION, message);
    }

    private static String table(String name) {
        return TABLE_ARN_PREFIX + name;
    }

    private static String index(String table, String index) {
        return index == null ? table(table) : table(table) + "/index/" + index;
    }
}
