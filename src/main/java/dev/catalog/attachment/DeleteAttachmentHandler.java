package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.intake.CommandIntake;
import dev.catalog.intake.ValidatedCommand;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.internal.Json;
import java.util.UUID;

/**
 * {@code DELETE /v1/products/{id}/attachments/{aid}}: accepts an {@code attachment.delete} command
 * (202) through the same intake as the product commands: editor role, idempotency key, command
 * record, commands topic. The attachment worker applies it.
 */
public final class DeleteAttachmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "DELETE /v1/products/{id}/attachments/{aid}";

    private final CommandIntake intake;

    public DeleteAttachmentHandler() {
        this(CommandIntake.from(FunctionEnvironment.fromLambda()));
        SnapStartPriming.registerHandler("deleteAttachment", this, SnapStartPriming.anonymousRequest("DELETE", "/v1/products/{id}/attachments/{aid}"));
    }

    public DeleteAttachmentHandler(CommandIntake intake) {
        this.intake = intake;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static DeleteAttachmentHandler from(FunctionEnvironment environment) {
        return new DeleteAttachmentHandler(CommandIntake.from(environment));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return intake.acceptOne(event, context, ROUTE, (request, requests, errors) -> {
            UUID productId = request.pathId(errors).orElse(null);
            ObjectNode fields = Json.mapper().createObjectNode();
            request.pathId("aid", errors).ifPresent(attachmentId -> fields.put("attachmentId", attachmentId.toString()));
            return new ValidatedCommand(AttachmentDeleteCommand.TYPE, productId, null, fields);
        });
    }
}
