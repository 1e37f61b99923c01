package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules themselves, on small templates that break exactly one of them. */
class TemplateRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptsWorkQueueWithDeadLetterQueue() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Work": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": true, "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["WorkDlq", "Arn"]}, "maxReceiveCount": 5}}},
                  "WorkDlq": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": true}}}}""");

        assertEquals(List.of(), new TemplateRules(template).violations());
    }

    @Test
    void namesQueueWithoutRedrivePolicy() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Orphan": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": true, "KmsMasterKeyId": "k"}}}}""");

        assertEquals(List.of("queue Orphan has no RedrivePolicy (and is no queue's dead-letter queue)"),
                new TemplateRules(template).violations());
    }

    @Test
    void namesFunctionsSharingARole() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Shared": {"Type": "AWS::IAM::Role", "Properties": {}},
                  "A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Shared", "Arn"]}}},
                  "B": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Shared", "Arn"]}}}}}""");

        assertEquals(List.of("function B shares role Shared with function A"), new TemplateRules(template).violations());
    }

    @Test
    void namesFunctionWithRoleFromOutsideTheTemplate() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": "arn:aws:iam::1:role/x"}}}}""");

        assertEquals(List.of("function A does not use an IAM role declared in the template"),
                new TemplateRules(template).violations());
    }

    @Test
    void namesRoleAllowingWildcardActions() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "ARole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "sqs:*"], "Resource": "x"},
                    {"Effect": "Allow", "Action": "*", "Resource": "x"},
                    {"Effect": "Deny", "Action": "*", "Resource": "x"}]}}]}},
                  "A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["ARole", "Arn"]}}}}}""");

        List<String> violations = new TemplateRules(template).violations();

        assertEquals(2, violations.size());
        assertTrue(violations.contains("role ARole of function A allows wildcard action sqs:*"));
        assertTrue(violations.contains("role ARole of function A allows wildcard action *"));
    }

    @Test
    void namesRoleAllowingActionsOnEveryResource() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "ARole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"},
                    {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": "*"}]}}]}},
                  "A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["ARole", "Arn"]}}}}}""");

        assertEquals(List.of("role ARole of function A allows [sns:Publish] on every resource"),
                new TemplateRules(template).functionRolesWithWildcardResources());
    }

    @Test
    void namesRouteWithoutJwtAuthorizer() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Open": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": "GET /v1/products", "AuthorizationType": "NONE"}},
                  "Closed": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": "POST /v1/products", "AuthorizationType": "JWT"}}}}""");

        assertEquals(List.of("route Open (GET /v1/products) has no JWT authorizer"), new TemplateRules(template).routesWithoutJwtAuthorizer());
    }

    @Test
    void namesTriggerWithoutPartialBatchResponsesAndQueueWithShortVisibility() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60}},
                  "F": {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 20}},
                  "M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {
                    "EventSourceArn": {"Fn::GetAtt": ["Q", "Arn"]}, "FunctionName": {"Fn::GetAtt": ["F", "Arn"]}}}}}""");
        TemplateRules rules = new TemplateRules(template);

        assertEquals(List.of("event source mapping M does not report batch item failures"), rules.queueTriggersWithoutPartialBatchResponses());
        assertEquals(List.of("queue Q has VisibilityTimeout 60 s, less than six times the 20 s timeout of function F"),
                rules.queuesHidingMessagesTooBriefly());
    }

    @Test
    void namesUnencryptedQueuesTablesAndOpenBuckets() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Q": {"Type": "AWS::SQS::Queue", "Properties": {}},
                  "T": {"Type": "AWS::DynamoDB::Table", "Properties": {"SSESpecification": {"SSEEnabled": false}}},
                  "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketEncryption": {}, "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true}}}}}""");

        assertEquals(List.of("queue Q is not encrypted (SqsManagedSseEnabled or KmsMasterKeyId)",
                "table T is not encrypted with a KMS key (SSESpecification.SSEEnabled)",
                "bucket B does not set RestrictPublicBuckets"), new TemplateRules(template).unencryptedStores());
    }
}
