package dev.catalog.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.aws.AwsClients;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.aws.iam.IamPolicy;
import dev.catalog.local.aws.iam.LocalIam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Each function calls the stand-ins with its own role's credentials, and a call its role does not
 * allow fails as on AWS: AccessDenied in that service's own wire format, read by the real SDK
 * clients, naming principal, action and resource. The functions' credentials are taken here as
 * Lambda gives them to the function; the suites prove the functions' own calls pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalIamE2ET {
    private LocalRuntime runtime;

    @BeforeAll
    void boot() throws Exception {
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withoutHotReload());
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** SDK clients signing as the function's role does. */
    private AwsClients as(String function) {
        LocalIam.FunctionRole role = role(function);
        return new AwsClients(new LocalClientSettings(runtime.endpoints()).withAccessKey(role.accessKeyId()));
    }

    private LocalIam.FunctionRole role(String function) {
        return runtime.iam().roles().stream().filter(role -> role.function().equals(function)).findFirst().orElseThrow();
    }

    private void assertDenied(AwsServiceException denied, int status, String code, String function, String action, String resource) {
        assertEquals(status, denied.statusCode(), denied.toString());
        assertEquals(code, denied.awsErrorDetails().errorCode(), denied.toString());
        String message = denied.awsErrorDetails().errorMessage();
        assertTrue(message.startsWith("User: " + role(function).principalArn() + " is not authorized to perform: " + action + " on resource: " + resource),
                message);
        assertTrue(role(function).principalArn().matches("arn:aws:sts::000000000000:assumed-role/catalog-dev-" + function + "-[a-z0-9-]+-lambdaRole/catalog-dev-"
                + function), role(function).principalArn());
    }

    @Test
    void everyFunctionHasARoleOfItsOwnAndTheStartUpSaysIamIsEnforced() {
        assertEquals(runtime.config().functions().keySet(), runtime.iam().roles().stream().map(LocalIam.FunctionRole::function)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals(runtime.iam().roles().size(), runtime.iam().roles().stream().map(LocalIam.FunctionRole::accessKeyId).distinct().count());
        assertTrue(runtime.iamDescription().startsWith("enforced: each function signs with its own role's key"), runtime.iamDescription());
    }

    @Test
    void dynamoDbRefusesWithItsAccessDeniedException() {
        String views = runtime.substitute("${ProductViewsTable}");
        try (AwsClients getProduct = as("getProduct")) {
            Map<String, AttributeValue> key = Map.of("productId", AttributeValue.fromS("none"));
            getProduct.dynamoDb().getItem(request -> request.tableName(views).key(key)); // its role's one permission
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> getProduct.dynamoDb().putItem(request -> request.tableName(views).item(key)));
            assertDenied(denied, 400, "AccessDeniedException", "getProduct", "dynamodb:PutItem", runtime.substitute("${ProductViewsTable.Arn}"));
        }
        try (AwsClients listProducts = as("listProducts")) {
            AwsServiceException denied = assertThrows(AwsServiceException.class, () -> listProducts.dynamoDb().query(request -> request.tableName(views)
                    .keyConditionExpression("productId = :id").expressionAttributeValues(Map.of(":id", AttributeValue.fromS("x")))));
            assertDenied(denied, 400, "AccessDeniedException", "listProducts", "dynamodb:Query", runtime.substitute("${ProductViewsTable.Arn}"));
        }
    }

    @Test
    void snsRefusesWithAuthorizationError() {
        String events = runtime.substitute("${EventsTopic}");
        try (AwsClients createProduct = as("createProduct")) {
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> createProduct.sns().publish(request -> request.topicArn(events).message("{}").messageGroupId("g").messageDeduplicationId("d")));
            assertDenied(denied, 403, "AuthorizationError", "createProduct", "sns:Publish", events);
        }
    }

    @Test
    void secretsManagerRefusesTheAdminSecretToAllButTheMigration() {
        String secret = runtime.substitute("${AuroraCluster.MasterUserSecret.SecretArn}");
        try (AwsClients productWorker = as("productWorker"); AwsClients migrateDatabase = as("migrateDatabase")) {
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> productWorker.secretsManager().getSecretValue(request -> request.secretId(secret)));
            assertDenied(denied, 400, "AccessDeniedException", "productWorker", "secretsmanager:GetSecretValue", secret);
            assertTrue(migrateDatabase.secretsManager().getSecretValue(request -> request.secretId(secret)).secretString().contains("password"));
        }
    }

    @Test
    void s3RefusesWithAccessDeniedAndPresignedUrlsCarryTheSignersRole() throws Exception {
        String bucket = runtime.substitute("${DocumentsBucket}");
        runtime.clients().s3().putObject(request -> request.bucket(bucket).key("journal/2026/12/08/e2e.jsonl"), RequestBody.fromBytes("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try (AwsClients journalWriter = as("journalWriter"); AwsClients requestImport = as("requestImport")) {
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> journalWriter.s3().getObjectAsBytes(request -> request.bucket(bucket).key("journal/2026/12/08/e2e.jsonl")));
            assertDenied(denied, 403, "AccessDenied", "journalWriter", "s3:GetObject", "arn:aws:s3:::" + bucket + "/journal/2026/12/08/e2e.jsonl");
            // A URL presigned by requestImport for a key outside imports/ is refused when used, as S3 would.
            var url = requestImport.s3Presigner().presignPutObject(request -> request.signatureDuration(java.time.Duration.ofMinutes(5))
                    .putObjectRequest(put -> put.bucket(bucket).key("incoming/p/a/file.pdf"))).url();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(url.toURI())
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), response.body());
            assertTrue(response.body().contains("<Code>AccessDenied</Code>") && response.body().contains("s3:PutObject"), response.body());
        }
    }

    /** A copy needs s3:GetObject on its source and s3:PutObject on its target, as the upload processor's store step. */
    @Test
    void aCopyIsDecidedOnItsSourceAndItsTarget() {
        String bucket = runtime.substitute("${DocumentsBucket}");
        String eTag = runtime.clients().s3().putObject(request -> request.bucket(bucket).key("incoming/c/p/doc.pdf"), RequestBody.fromBytes("%PDF".getBytes(java.nio.charset.StandardCharsets.UTF_8))).eTag();
        try (AwsClients uploadProcessor = as("uploadProcessor"); AwsClients attachmentWorker = as("attachmentWorker")) {
            uploadProcessor.s3().copyObject(request -> request.sourceBucket(bucket).sourceKey("incoming/c/p/doc.pdf").copySourceIfMatch(eTag)
                    .destinationBucket(bucket).destinationKey("attachments/c/p"));
            AwsServiceException denied = assertThrows(AwsServiceException.class, () -> attachmentWorker.s3().copyObject(request -> request
                    .sourceBucket(bucket).sourceKey("incoming/c/p/doc.pdf").destinationBucket(bucket).destinationKey("attachments/c/q")));
            assertDenied(denied, 403, "AccessDenied", "attachmentWorker", "s3:GetObject", "arn:aws:s3:::" + bucket + "/incoming/c/p/doc.pdf");
        }
    }

    /** As S3: a missing key is 404 NoSuchKey to a role with s3:ListBucket on its prefix, 403 AccessDenied to any other. */
    @Test
    void aMissingKeyIsNotFoundOnlyToARoleThatMayListIt() {
        String bucket = runtime.substitute("${DocumentsBucket}");
        try (AwsClients uploadProcessor = as("uploadProcessor"); AwsClients getAttachment = as("getAttachment")) {
            assertThrows(NoSuchKeyException.class, () -> uploadProcessor.s3().getObjectAsBytes(request -> request.bucket(bucket).key("incoming/gone/x/y.pdf")));
            AwsServiceException denied = assertThrows(AwsServiceException.class,
                    () -> getAttachment.s3().getObjectAsBytes(request -> request.bucket(bucket).key("attachments/gone/x")));
            assertDenied(denied, 403, "AccessDenied", "getAttachment", "s3:ListBucket", "arn:aws:s3:::" + bucket);
        }
    }

    /**
     * The roles the runtime builds from serverless.yml decide every row of src/main/aws-calls.json as
     * the deployed roles must (the IAM simulation requires the same of the packaged template): listed
     * calls allowed, negative cases denied.
     */
    @Test
    void theLocalRolesDecideEveryRowOfTheCallsFileAsTheDeployedRoles() throws Exception {
        JsonNode file = new ObjectMapper().readTree(ListedAwsCalls.FILE.toFile());
        List<String> wrong = new ArrayList<>();
        int rows = 0;
        for (String section : List.of("calls", "denied")) {
            for (JsonNode row : file.path(section)) {
                rows++;
                Map<String, String> context = new ObjectMapper().convertValue(row.path("context"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
                String resource = runtime.substitute(row.path("resource").asText());
                IamPolicy.Decision decision = role(row.path("function").asText()).policy().decide(row.path("action").asText(), resource,
                        context == null ? Map.of() : context);
                if ((decision == IamPolicy.Decision.Allowed) != section.equals("calls")) {
                    wrong.add(section + ": " + row.path("function").asText() + " " + row.path("action").asText() + " on " + resource + ": " + decision);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(rows > 80, "rows: " + rows);
    }
}
