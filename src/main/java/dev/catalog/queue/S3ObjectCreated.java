package dev.catalog.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An object creation named by an S3 event notification delivered through SQS: the decoded key and
 * the ETag of that version (key + ETag identify one upload, so a duplicate notification is harmless).
 */
public record S3ObjectCreated(String key, String eTag) {

    /**
     * The object creations in an SQS body. S3's test event (sent when notifications are configured)
     * has none; a body that is not a notification at all is a wiring mistake and fails with
     * {@link MalformedMessageException}, so it ends in the dead-letter queue.
     */
    public static List<S3ObjectCreated> in(ObjectMapper json, String body) {
        JsonNode notification;
        try {
            notification = json.readTree(body);
        } catch (IOException e) {
            throw new MalformedMessageException("message body is not JSON");
        }
        if (notification != null && "s3:TestEvent".equals(notification.path("Event").asText())) {
            return List.of();
        }
        if (notification == null || !notification.path("Records").isArray()) {
            throw new MalformedMessageException("message is not an S3 event notification");
        }
        List<S3ObjectCreated> created = new ArrayList<>();
        for (JsonNode record : notification.path("Records")) {
            if (record.path("eventName").asText().startsWith("ObjectCreated:")) {
                created.add(new S3ObjectCreated(decodeKey(record.at("/s3/object/key").asText()), record.at("/s3/object/eTag").asText("")));
            }
        }
        return created;
    }

    /**
     * S3 event notifications carry keys URL-encoded as form values: a space is {@code +}, other
     * bytes are UTF-8 percent-escapes (so a literal {@code +} arrives as {@code %2B}).
     *
     * @throws MalformedMessageException when the key is not validly encoded
     */
    public static String decodeKey(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("object key is not validly URL-encoded");
        }
    }
}
