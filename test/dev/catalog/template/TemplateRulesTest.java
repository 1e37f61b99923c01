package dev.catalog.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules themselves, on small templates that break exactly one of them. */
class TemplateRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A queue, its dead-letter queue and its function, keeping every rule. */
    private static final String COMPLIANT = """
            {"Resources": {
              "Work": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": true, "VisibilityTimeout": 120, "RedrivePolicy": {
                "deadLetterTargetArn": {"Fn::GetAtt": ["WorkDlq", "Arn"]}, "maxReceiveCount": 5}}},
              "WorkDlq": {"Type": "AWS::SQS::Queue", "Properties": {"SqsManagedSseEnabled": true}},
              "WorkPolicy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [{"Ref": "Work"}], "PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                 "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": "Source"}}}}]}}},
              "Source": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"}},
              "AlertsKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [
                {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                 "Resource": "*"}]}}},
              "AlertsTopic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Ref": "AlertsKey"}}},
              "FRole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                 "Condition": {"StringEquals": {"cloudwatch:namespace": "Catalog/dev"}}}]}}]}},
              "F": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "catalog-dev-f", "Timeout": 20,
                "Role": {"Fn::GetAtt": ["FRole", "Arn"]}, "SnapStart": {"ApplyOn": "PublishedVersions"}}},
              "M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionResponseTypes": ["ReportBatchItemFailures"],
                "EventSourceArn": {"Fn::GetAtt": ["Work", "Arn"]},
                "FunctionName": {"Fn::Join": [":", [{"Fn::GetAtt": ["F", "Arn"]}, "snapstart"]]}}},
              "DlqAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible", "Dimensions": [{"Name": "QueueName",
                "Value": {"Fn::GetAtt": ["WorkDlq", "QueueName"]}}], "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "AlarmActions": [{"Ref": "AlertsTopic"}], "OKActions": [{"Ref": "AlertsTopic"}]}},
              "AgeAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "AWS/SQS",
                "MetricName": "ApproximateAgeOfOldestMessage", "Dimensions": [{"Name": "QueueName",
                "Value": {"Fn::GetAtt": ["Work", "QueueName"]}}], "Threshold": 600, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "AlarmActions": [{"Ref": "AlertsTopic"}]}},
              "ErrorsAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "AWS/Lambda", "MetricName": "Errors",
                "Dimensions": [{"Name": "FunctionName", "Value": "catalog-dev-f"}], "Threshold": 1,
                "ComparisonOperator": "GreaterThanOrEqualToThreshold", "AlarmActions": [{"Ref": "AlertsTopic"}]}},
              "ThrottlesAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "AWS/Lambda", "MetricName": "Throttles",
                "Dimensions": [{"Name": "FunctionName", "Value": "catalog-dev-f"}], "Threshold": 1,
                "ComparisonOperator": "GreaterThanOrEqualToThreshold", "AlarmActions": [{"Ref": "AlertsTopic"}]}}}}""";

    @Test
    void acceptsQueueWithDeadLetterQueueAlarmsPolicyAndSnapStartedFunction() throws Exception {
        assertEquals(List.of(), new TemplateRules(JSON.readTree(COMPLIANT)).violations());
    }

    /** The compliant template with one resource's property replaced (or removed, with a null value). */
    private static TemplateRules compliantWith(String resource, String property, String json) throws Exception {
        JsonNode template = JSON.readTree(COMPLIANT);
        ObjectNode properties = (ObjectNode) template.at("/Resources/" + resource + "/Properties");
        if (json == null) {
            properties.remove(property);
        } else {
            properties.set(property, JSON.readTree(json));
        }
        return new TemplateRules(template);
    }

    private static TemplateRules compliantWithout(String resource) throws Exception {
        JsonNode template = JSON.readTree(COMPLIANT);
        ((ObjectNode) template.path("Resources")).remove(resource);
        return new TemplateRules(template);
    }

    @Test
    void namesRedrivePolicyWithoutMaxReceiveCount() throws Exception {
        assertEquals(List.of("queue Work has a RedrivePolicy without maxReceiveCount"), compliantWith("Work", "RedrivePolicy",
                "{\"deadLetterTargetArn\": {\"Fn::GetAtt\": [\"WorkDlq\", \"Arn\"]}}").workQueuesWithoutRedrivePolicy());
    }

    @Test
    void namesDeadLetterQueueWithoutDepthAlarm() throws Exception {
        assertEquals(List.of("dead-letter queue WorkDlq has no alarm on ApproximateNumberOfMessagesVisible >= 1"),
                compliantWithout("DlqAlarm").deadLetterQueuesWithoutDepthAlarm());
        assertEquals(List.of("dead-letter queue WorkDlq has no alarm on ApproximateNumberOfMessagesVisible >= 1"),
                compliantWith("DlqAlarm", "Threshold", "10").deadLetterQueuesWithoutDepthAlarm());
    }

    @Test
    void namesWorkQueueWithoutAgeAlarm() throws Exception {
        assertEquals(List.of("work queue Work has no alarm on ApproximateAgeOfOldestMessage"),
                compliantWithout("AgeAlarm").workQueuesWithoutAgeAlarm());
    }

    @Test
    void namesFunctionWithoutErrorsOrThrottlesAlarm() throws Exception {
        assertEquals(List.of("function F has no Errors alarm (AWS/Lambda, FunctionName catalog-dev-f)"),
                compliantWithout("ErrorsAlarm").functionsWithoutErrorAndThrottleAlarms());
        assertEquals(List.of("function F has no Throttles alarm (AWS/Lambda, FunctionName catalog-dev-f)"),
                compliantWith("ThrottlesAlarm", "Dimensions", "[{\"Name\": \"FunctionName\", \"Value\": \"catalog-dev-g\"}]")
                        .functionsWithoutErrorAndThrottleAlarms());
    }

    @Test
    void namesAlarmThatDoesNotNotifyTheAlertsTopic() throws Exception {
        assertEquals(List.of("alarm AgeAlarm has no AlarmActions"),
                compliantWith("AgeAlarm", "AlarmActions", null).alarmsNotNotifyingTheAlertsTopic());
        assertEquals(List.of("alarm DlqAlarm: OKActions notify {\"Ref\":\"Source\"}, not AlertsTopic"),
                compliantWith("DlqAlarm", "OKActions", "[{\"Ref\": \"Source\"}]").alarmsNotNotifyingTheAlertsTopic());
    }

    @Test
    void namesUnencryptedTopic() throws Exception {
        assertEquals(List.of("topic Source is not encrypted (KmsMasterKeyId)"),
                compliantWith("Source", "KmsMasterKeyId", null).unencryptedTopics());
    }

    @Test
    void namesAlertsTopicUnderAKeyCloudWatchCannotUse() throws Exception {
        assertEquals(List.of("topic AlertsTopic is not encrypted with a customer-managed key of the template (CloudWatch cannot use "
                        + "\"alias/aws/sns\")"),
                compliantWith("AlertsTopic", "KmsMasterKeyId", "\"alias/aws/sns\"").alertsTopicsCloudWatchCannotPublishTo());
        assertEquals(List.of("key AlertsKey of topic AlertsTopic does not allow cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*"),
                compliantWith("AlertsKey", "KeyPolicy", "{\"Statement\": []}").alertsTopicsCloudWatchCannotPublishTo());
    }

    @Test
    void namesQueuePolicyWithoutSourceConditionAndQueueWithoutPolicy() throws Exception {
        assertEquals(List.of("queue policy WorkPolicy allows [sqs:SendMessage] without a service principal and an aws:SourceArn condition"),
                compliantWith("WorkPolicy", "PolicyDocument", """
                        {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}]}""").queuesOpenToAnySender());
        assertEquals(List.of("work queue Work has no queue policy naming who may send to it"),
                compliantWithout("WorkPolicy").queuesOpenToAnySender());
    }

    @Test
    void namesFunctionWithoutSnapStart() throws Exception {
        assertEquals(List.of("function F does not enable SnapStart (SnapStart.ApplyOn: PublishedVersions)"),
                compliantWith("F", "SnapStart", null).functionsWithoutSnapStart());
    }

    @Test
    void namesPutMetricDataWithoutNamespaceCondition() throws Exception {
        assertEquals(List.of("role FRole of function F allows cloudwatch:PutMetricData without a cloudwatch:namespace condition"),
                compliantWith("FRole", "Policies", """
                        [{"PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"}]}}]""")
                        .functionRolesWithWildcardResources());
    }

    @Test
    void checksVisibilityOfQueuesWhoseMappingTargetsTheSnapStartAlias() throws Exception {
        assertEquals(List.of("queue Work has VisibilityTimeout 60 s, less than six times the 20 s timeout of function F"),
                compliantWith("Work", "VisibilityTimeout", "60").queuesHidingMessagesTooBriefly());
    }

    @Test
    void namesQueueWithoutRedrivePolicy() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Orphan": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": true, "KmsMasterKeyId": "k"}}}}""");

        assertEquals(List.of("queue Orphan has no RedrivePolicy (and is no queue's dead-letter queue)"),
                new TemplateRules(template).workQueuesWithoutRedrivePolicy());
    }

    @Test
    void namesFunctionsSharingARole() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Shared": {"Type": "AWS::IAM::Role", "Properties": {}},
                  "A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Shared", "Arn"]}}},
                  "B": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["Shared", "Arn"]}}}}}""");

        assertEquals(List.of("function B shares role Shared with function A"), new TemplateRules(template).functionsWithoutTheirOwnRole());
    }

    @Test
    void namesFunctionWithRoleFromOutsideTheTemplate() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"A": {"Type": "AWS::Lambda::Function", "Properties": {"Role": "arn:aws:iam::1:role/x"}}}}""");

        assertEquals(List.of("function A does not use an IAM role declared in the template"),
                new TemplateRules(template).functionsWithoutTheirOwnRole());
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

        List<String> violations = new TemplateRules(template).functionRolesWithWildcardActions();

        assertEquals(2, violations.size());
        assertTrue(violations.contains("role ARole of function A allows wildcard action sqs:*"));
        assertTrue(violations.contains("role ARole of function A allows wildcard action *"));
    }

    @Test
    void namesRoleAllowingActionsOnEveryResource() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "ARole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                     "Condition": {"StringEquals": {"cloudwatch:namespace": "Catalog/dev"}}},
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

    /** A function in the VPC that reads documents from S3 and publishes to SNS, with both endpoints. */
    private static final String VPC_FUNCTION = """
            {"Resources": {
              "UploadsRole": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:eu-west-1:1:log-group:x"},
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": {"Fn::Join": ["", [
                  {"Fn::GetAtt": ["DocumentsBucket", "Arn"]}, "/incoming/*"]]}},
                {"Effect": "Allow", "Action": "sns:Publish", "Resource": {"Ref": "EventsTopic"}}]}}]}},
              "Uploads": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["UploadsRole", "Arn"]},
                "VpcConfig": {"SecurityGroupIds": [{"Ref": "FunctionSecurityGroup"}], "SubnetIds": ["subnet-1", "subnet-2"]}}},
              "S3Endpoint": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": "vpc-1", "VpcEndpointType": "Gateway",
                "ServiceName": {"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".s3"]]}, "RouteTableIds": ["rtb-1", "rtb-2"]}},
              "SnsEndpoint": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": "vpc-1", "VpcEndpointType": "Interface",
                "ServiceName": {"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".sns"]]}, "PrivateDnsEnabled": true,
                "SubnetIds": ["subnet-1", "subnet-2"]}}}}""";

    private static TemplateRules vpcFunctionWith(String resource, String property, String json) throws Exception {
        JsonNode template = JSON.readTree(VPC_FUNCTION);
        if (property == null) {
            ((ObjectNode) template.path("Resources")).remove(resource);
        } else {
            ((ObjectNode) template.at("/Resources/" + resource + "/Properties")).set(property, JSON.readTree(json));
        }
        return new TemplateRules(template);
    }

    @Test
    void acceptsVpcFunctionReachingS3AndSnsThroughTheirEndpoints() throws Exception {
        assertEquals(List.of(), new TemplateRules(JSON.readTree(VPC_FUNCTION)).vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
    }

    @Test
    void namesVpcFunctionCallingS3WithoutAGatewayEndpoint() throws Exception {
        String missing = "function Uploads runs in the VPC and calls s3, but the template has no s3 Gateway endpoint attached to the private network";
        assertEquals(List.of(missing), vpcFunctionWith("S3Endpoint", null, null).vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
        assertEquals(List.of(missing), vpcFunctionWith("S3Endpoint", "VpcEndpointType", "\"Interface\"")
                .vpcFunctionsWithoutEndpointsForTheServicesTheyCall(), "an interface endpoint is not the gateway");
        assertEquals(List.of(missing), vpcFunctionWith("S3Endpoint", "RouteTableIds", "[]")
                .vpcFunctionsWithoutEndpointsForTheServicesTheyCall(), "a gateway endpoint on no route table reaches nothing");
        assertEquals(List.of(missing), vpcFunctionWith("S3Endpoint", "ServiceName", "\"com.amazonaws.eu-west-1.dynamodb\"")
                .vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
    }

    @Test
    void namesVpcFunctionPublishingToSnsWithoutAnInterfaceEndpointWithPrivateDns() throws Exception {
        assertEquals(List.of("function Uploads runs in the VPC and calls sns, but the template has no sns Interface endpoint attached to the"
                + " private network"), vpcFunctionWith("SnsEndpoint", "PrivateDnsEnabled", "false").vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
    }

    @Test
    void functionsOutsideTheVpcNeedNoEndpoint() throws Exception {
        JsonNode template = JSON.readTree(VPC_FUNCTION);
        ((ObjectNode) template.at("/Resources/Uploads/Properties")).remove("VpcConfig");
        ((ObjectNode) template.path("Resources")).remove("S3Endpoint");
        ((ObjectNode) template.path("Resources")).remove("SnsEndpoint");

        assertEquals(List.of(), new TemplateRules(template).vpcFunctionsWithoutEndpointsForTheServicesTheyCall());
    }
}
