package dev.catalog.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.messaging.MessageAttributeNames;
import dev.catalog.messaging.Reply;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Replies on the standard replies topic, with the attributes client subscriptions filter on. */
final class SnsImportReplies implements ImportReplies {
    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper json;

    SnsImportReplies(SnsClient sns, String topicArn, ObjectMapper json) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.json = json;
    }

    /** On the function's replies topic. */
    static SnsImportReplies from(FunctionEnvironment environment) {
        return new SnsImportReplies(environment.clients().sns(), environment.settings().requireRepliesTopicArn(), Json.mapper());
    }

    @Override
    public void publish(Reply reply) {
        String body;
        try {
            body = json.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replies always serialise", e);
        }
        try {
            sns.publish(request -> request.topicArn(topicArn).message(body).messageAttributes(Map.of(
                    MessageAttributeNames.TYPE, text(reply.type()),
                    MessageAttributeNames.ACTOR, text(reply.actor()),
                    MessageAttributeNames.STATUS, text(reply.status().name()),
                    MessageAttributeNames.CORRELATION_ID, text(reply.correlationId()))));
        } catch (SdkException e) {
            throw new ImportReplyFailedException(e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
