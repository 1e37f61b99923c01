package dev.catalog.local.aws.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.aws.iam.IamPolicy.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the rows of aws-calls.json do not cover alone; agreement with the simulator is AwsSpecificationIT's. */
class IamPolicyTest {
    private static final String BUCKET = "arn:aws:s3:::catalog-dev-000000000000-documents";

    private static final IamPolicy UPLOAD_PROCESSOR = IamPolicy.of(List.of(
            Map.of("Effect", "Allow", "Action", List.of("s3:GetObject", "s3:DeleteObject"), "Resource", BUCKET + "/incoming/*"),
            Map.of("Effect", "Allow", "Action", "s3:ListBucket", "Resource", BUCKET,
                    "Condition", Map.of("StringLike", Map.of("s3:prefix", "incoming/*")))));

    @Test
    void listsOnlyThePrefixItsConditionNames() {
        assertEquals(Decision.Allowed, UPLOAD_PROCESSOR.decide("s3:ListBucket", BUCKET, Map.of("s3:prefix", "incoming/a/b.pdf")));
        assertEquals(Decision.ImplicitlyDenied, UPLOAD_PROCESSOR.decide("s3:ListBucket", BUCKET, Map.of("s3:prefix", "journal/")));
        assertEquals(Decision.ImplicitlyDenied, UPLOAD_PROCESSOR.decide("s3:ListBucket", BUCKET, Map.of()), "a missing key fails StringLike");
    }

    @Test
    void matchesActionsWithoutCaseAndResourcesWithIt() {
        assertEquals(Decision.Allowed, UPLOAD_PROCESSOR.decide("S3:getobject", BUCKET + "/incoming/x", Map.of()));
        assertEquals(Decision.ImplicitlyDenied, UPLOAD_PROCESSOR.decide("s3:GetObject", BUCKET + "/INCOMING/x", Map.of()));
        assertEquals(Decision.ImplicitlyDenied, UPLOAD_PROCESSOR.decide("s3:PutObject", BUCKET + "/incoming/x", Map.of()));
    }

    @Test
    void anExplicitDenyWinsAndNegatedOperatorsHoldWhenTheKeyIsMissing() {
        IamPolicy policy = IamPolicy.combined(List.of(UPLOAD_PROCESSOR, IamPolicy.of(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Effect", "Deny", "NotAction", "s3:GetObject", "Resource", "*",
                        "Condition", Map.of("StringNotEquals", Map.of("aws:SourceVpce", "vpce-1"))))))));
        assertEquals(Decision.ExplicitlyDenied, policy.decide("s3:DeleteObject", BUCKET + "/incoming/x", Map.of()));
        assertEquals(Decision.Allowed, policy.decide("s3:DeleteObject", BUCKET + "/incoming/x", Map.of("aws:SourceVpce", "vpce-1")));
        assertEquals(Decision.Allowed, policy.decide("s3:GetObject", BUCKET + "/incoming/x", Map.of()));
    }

    @Test
    void refusesWhatItCannotEvaluateRatherThanAllowingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> IamPolicy.of(List.of(Map.of(
                "Effect", "Allow", "Action", "s3:GetObject", "Resource", "*",
                "Condition", Map.of("DateGreaterThan", Map.of("aws:CurrentTime", "2026-01-01T00:00:00Z"))))));
        assertTrue(refused.getMessage().contains("DateGreaterThan"), refused.getMessage());
    }

    @Test
    void anS3CallIsKeptByTheKeysFirstSegment() {
        assertEquals(BUCKET + "/incoming/*", AwsCall.of("f", "s3:GetObject", BUCKET + "/incoming/a/b.pdf").resource());
        assertEquals(BUCKET, AwsCall.of("f", "s3:ListBucket", BUCKET).resource());
        assertEquals("arn:aws:sns:eu-west-1:000000000000:t", AwsCall.of("f", "sns:Publish", "arn:aws:sns:eu-west-1:000000000000:t").resource());
    }
}
