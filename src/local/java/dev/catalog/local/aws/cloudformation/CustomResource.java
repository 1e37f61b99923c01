package dev.catalog.local.aws.cloudformation;

import java.util.Map;

/**
 * A CloudFormation custom resource ({@code Custom::<Name>} or {@code AWS::CloudFormation::CustomResource})
 * whose {@code ServiceToken} is a function of this service: created by the runtime once that function
 * can run, as CloudFormation would create it, by a request to the function.
 *
 * @param properties the evaluated {@code Properties}, {@code ServiceToken} included
 */
public record CustomResource(String logicalId, String type, String functionName, String serviceToken, Map<String, Object> properties) {
}
