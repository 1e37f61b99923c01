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
                  "Work": {"Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["WorkDlq", "Arn"]}, "maxReceiveCount": 5}}},
                  "WorkDlq": {"Type": "AWS::SQS::Queue", "Properties": {}}}}""");

        assertEquals(List.of(), new TemplateRules(template).violations());
    }

    @Test
    void namesQueueWithoutRedrivePolicy() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Orphan": {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": true}}}}""");

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
}
