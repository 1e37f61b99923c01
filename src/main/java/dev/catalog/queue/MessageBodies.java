package dev.catalog.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reading a message body as the JSON type it should hold, the one way every queue function does it. */
public final class MessageBodies {
    private MessageBodies() {
    }

    /**
     * @param expected what the body should be, for the failure: "a reply", "an event envelope", ...
     * @throws MalformedMessageException saying the body is not {@code expected}, never quoting it
     */
    public static <T> T read(ObjectMapper json, String body, Class<T> type, String expected) {
        T value;
        try {
            value = body == null ? null : json.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            value = null;
        }
        if (value == null) {
            throw new MalformedMessageException("body is not " + expected);
        }
        return value;
    }
}
