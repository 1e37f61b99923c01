package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.command.api.CommandIntake;
import dev.catalog.command.api.ValidatedCommand;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code DELETE /v1/products/{id}/attachments/{aid}}: accepts an {@code attachment.delete} command
 * (202) through the same intake as the product commands: editor role, idempotency key, command
 * record, commands topic. The attachment worker applies it.
 */
public final class DeleteAttachmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "DELETE /v1/products/{id}/attachments/{aid}";
    static final String ATTACHMENT_DELETE = "attachment.delete";
    private static final Pattern UUID_TEXT = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final CommandIntake intake;

    public DeleteAttachmentHandler() {
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("deleteAttachment", this, SnapStartPriming.anonymousRequest("DELETE", "/v1/products/{id}/attachments/{aid}"));
    }

    public DeleteAttachmentHandler(FunctionEnvironment environment) {
        this(CommandIntake.from(environment));
    }

    public DeleteAttachmentHandler(CommandIntake intake) {
        this.intake = intake;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptOne(event, context, ROUTE, (request, requests, errors) -> {
            UUID productId = request.pathId(errors).orElse(null);
            Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
            String aid = path.get("aid");
            ObjectNode fields = Json.mapper().createObjectNode();
            if (aid == null || !UUID_TEXT.matcher(aid).matches()) {
                errors.add(new FieldError("aid", "must be a UUID"));
            } else {
                fields.put("attachmentId", UUID.fromString(aid).toString());
            }
            return new ValidatedCommand(ATTACHMENT_DELETE, productId, null, fields);
        });
    }
}
