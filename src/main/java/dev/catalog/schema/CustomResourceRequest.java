package dev.catalog.schema;

import java.util.Map;

/**
 * What CloudFormation sends a custom resource's function, with its keys as CloudFormation spells
 * them ({@code ResponseURL}, {@code ResourceProperties}, ...). The handler takes the request as a
 * plain map so that no serializer renames a key between CloudFormation and this record.
 */
record CustomResourceRequest(RequestType requestType, String responseUrl, String stackId, String requestId,
                                    String logicalResourceId, String physicalResourceId, String resourceType,
                                    Map<String, Object> resourceProperties) {

    /** The three kinds of request CloudFormation sends. */
    public enum RequestType { Create, Update, Delete }

    public CustomResourceRequest {
        resourceProperties = resourceProperties == null ? Map.of() : Map.copyOf(resourceProperties);
    }

    /**
     * Reads the request.
     *
     * @throws InvalidCustomResourceRequest when a key CloudFormation always sends is missing
     */
    public static CustomResourceRequest from(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidCustomResourceRequest("no request");
        }
        String type = required(event, "RequestType");
        RequestType requestType;
        try {
            requestType = RequestType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new InvalidCustomResourceRequest("RequestType " + type + " is not Create, Update or Delete");
        }
        Object properties = event.get("ResourceProperties");
        @SuppressWarnings("unchecked")
        Map<String, Object> resourceProperties = properties instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new CustomResourceRequest(requestType, required(event, "ResponseURL"), required(event, "StackId"),
                required(event, "RequestId"), required(event, "LogicalResourceId"),
                event.get("PhysicalResourceId") == null ? null : String.valueOf(event.get("PhysicalResourceId")),
                String.valueOf(event.getOrDefault("ResourceType", "")), resourceProperties);
    }

    /** A resource property as text (CloudFormation passes every scalar property as a string). */
    public String property(String name) {
        Object value = resourceProperties.get(name);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new InvalidCustomResourceRequest("ResourceProperties." + name + " is missing");
        }
        return String.valueOf(value);
    }

    /** A resource property as a port number. */
    public int portProperty(String name) {
        String port = property(name);
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new InvalidCustomResourceRequest("ResourceProperties." + name + " " + port + " is not a port number");
        }
    }

    /** A resource property as text, or {@code fallback} where the request has none (for naming only). */
    public String propertyOr(String name, String fallback) {
        Object value = resourceProperties.get(name);
        return value == null ? fallback : String.valueOf(value);
    }

    private static String required(Map<String, Object> event, String key) {
        Object value = event.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new InvalidCustomResourceRequest(key + " is missing");
        }
        return String.valueOf(value);
    }
}
