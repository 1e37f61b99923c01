package dev.catalog.local.runtime.triggers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.local.aws.s3.CreatedObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/** S3 event notification messages in the shape S3 sends them (event version 2.1). */
final class S3EventRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventRecords() {
    }

    /**
     * Object keys in S3 events are URL-encoded as form values ({@code my file.pdf} becomes
     * {@code my+file.pdf}), segment by segment, so slashes stay as they are.
     */
    static String encodeKey(String key) {
        return Arrays.stream(key.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }

    /** The JSON S3 sends to a queue or topic: {@code {"Records":[...]}} with one record. */
    static String notificationJson(CreatedObject object, String configurationId, String region, Instant eventTime,
                                   String sequencer, String requestId) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", eventTime.toString());
        record.put("eventName", object.eventName());
        record.putObject("userIdentity").put("principalId", "AWS:LOCALPRINCIPAL");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", requestId).put("x-amz-id-2", requestId);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", object.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "LOCALOWNER");
        bucket.put("arn", "arn:aws:s3:::" + object.bucket());
        ObjectNode s3Object = s3.putObject("object");
        s3Object.put("key", encodeKey(object.key()));
        s3Object.put("size", object.size());
        s3Object.put("eTag", object.eTag());
        s3Object.put("sequencer", sequencer);
        ObjectNode notification = JSON.createObjectNode();
        notification.putArray("Records").add(record);
        return notification.toString();
    }
}
