package dev.catalog.local.runtime.provision;

import java.util.Map;

/**
 * A resource as it exists locally: what {@code Ref} returns and its {@code Fn::GetAtt} attributes.
 */
public record ProvisionedResource(String logicalId, String type, String ref, Map<String, String> attributes) {
}
