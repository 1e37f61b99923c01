package dev.catalog.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer CloudFormation waits for at the request's {@code ResponseURL}: {@code SUCCESS} lets the
 * stack operation go on, {@code FAILED} rolls it back and shows {@code Reason} in the stack events.
 */
public record CustomResourceResponse(Status status, String reason, String physicalResourceId, String stackId, String requestId,
                                     String logicalResourceId, Map<String, String> data) {
    /** CloudFormation shows at most this much of a reason; the whole response must stay under 4 KiB. */
    static final int MAX_REASON_LENGTH = 1000;

    public enum Status { SUCCESS, FAILED }

    public CustomResourceResponse {
        data = data == null ? Map.of() : Map.copyOf(data);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
        }
    }

    public static CustomResourceResponse success(CustomResourceRequest request, String physicalResourceId, Map<String, String> data) {
        return new CustomResourceResponse(Status.SUCCESS, null, physicalResourceId, request.stackId(), request.requestId(),
                request.logicalResourceId(), data);
    }

    public static CustomResourceResponse failed(CustomResourceRequest request, String physicalResourceId, String reason) {
        return new CustomResourceResponse(Status.FAILED, reason, physicalResourceId, request.stackId(), request.requestId(),
                request.logicalResourceId(), Map.of());
    }

    /** The JSON body, with CloudFormation's key names. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status.name());
        if (reason != null) {
            body.put("Reason", reason);
        }
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", stackId);
        body.put("RequestId", requestId);
        body.put("LogicalResourceId", logicalResourceId);
        if (!data.isEmpty()) {
            body.put("Data", data);
        }
        return body;
    }
}
