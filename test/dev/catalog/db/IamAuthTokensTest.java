package dev.catalog.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class IamAuthTokensTest {

    @Test
    void tokenIsAPresignedConnectRequestForTheUserWithoutScheme() {
        IamAuthTokens tokens = new IamAuthTokens(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")), Region.EU_WEST_1);

        String token = tokens.tokenFor("catalog.cluster-abc.eu-west-1.rds.amazonaws.com", 5432, "catalog_app");

        assertTrue(token.startsWith("catalog.cluster-abc.eu-west-1.rds.amazonaws.com:5432/?Action=connect&DBUser=catalog_app&"), token);
        assertTrue(token.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"), token);
        assertTrue(token.matches(".*X-Amz-Credential=AKIDEXAMPLE%2F\\d{8}%2Feu-west-1%2Frds-db%2Faws4_request.*"), token);
        assertTrue(token.contains("X-Amz-Expires=900"), token);
        assertTrue(token.matches(".*X-Amz-Signature=[0-9a-f]{64}.*"), token);
    }
}
