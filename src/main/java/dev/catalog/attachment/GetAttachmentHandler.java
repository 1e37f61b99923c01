package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.command.Reply;
import dev.catalog.command.api.HttpCommandRequest;
import dev.catalog.command.api.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.internal.Json;
import dev.catalog.projection.AttachmentView;
import dev.catalog.projection.AttachmentViews;
import dev.catalog.projection.DynamoDbAttachmentViews;
import dev.catalog.projection.ProductViewsUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/products/{id}/attachments/{aid}}: the attachment as the product view lists it and,
 * when it is STORED, a presigned download URL valid for five minutes. Deleted products and
 * attachments answer 404 like unknown ones, with code {@code ATTACHMENT_NOT_FOUND}.
 */
public final class GetAttachmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Short: the URL is a bearer credential for the file, and the client asks for a new one at will. */
    static final Duration DOWNLOAD_URL_VALIDITY = Duration.ofMinutes(5);
    private static final Pattern UUID_TEXT = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final AttachmentViews views;
    private final UploadUrls urls;
    private final Clock clock;

    public GetAttachmentHandler() {
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("getAttachment", this, SnapStartPriming.anonymousRequest("GET", "/v1/products/{id}/attachments/{aid}"));
    }

    public GetAttachmentHandler(FunctionEnvironment environment) {
        this(new DynamoDbAttachmentViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()),
                S3UploadUrls.forDocuments(environment),
                environment.clock());
    }

    public GetAttachmentHandler(AttachmentViews views, UploadUrls urls, Clock clock) {
        this.views = views;
        this.urls = urls;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            HttpCommandRequest.authorize(event, Role.VIEWER);
        } catch (RequestRejectedException e) {
            return e.toResponse();
        }
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        String productText = path.get("id");
        String attachmentText = path.get("aid");
        if (productText == null || !UUID_TEXT.matcher(productText).matches()
                || attachmentText == null || !UUID_TEXT.matcher(attachmentText).matches()) {
            return HttpResponses.problem(Problem.validation(List.of(new FieldError("id", "id and aid must be UUIDs"))));
        }
        UUID productId = UUID.fromString(productText);
        UUID attachmentId = UUID.fromString(attachmentText);
        Optional<AttachmentView> found;
        try {
            found = views.get(productId, attachmentId).filter(view -> !"DELETED".equals(view.status()));
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.of(503, "UNAVAILABLE", "Service unavailable", "try again shortly"));
        }
        if (found.isEmpty()) {
            // The same stable code as the FAILED reply of a delete that finds nothing.
            return HttpResponses.problem(Problem.of(404, Reply.ErrorCode.ATTACHMENT_NOT_FOUND.name(), "Not found",
                    "attachment " + attachmentId + " does not exist"));
        }
        AttachmentView attachment = found.get();
        ObjectNode body = Json.mapper().createObjectNode()
                .put("attachmentId", attachmentId.toString())
                .put("productId", productId.toString())
                .put("fileName", attachment.fileName())
                .put("contentType", attachment.contentType())
                .put("sizeBytes", attachment.sizeBytes())
                .put("status", attachment.status())
                .put("createdAt", attachment.createdAt().toString())
                .put("updatedAt", attachment.updatedAt().toString());
        if (attachment.sha256() != null) {
            body.put("sha256", attachment.sha256());
        }
        if (attachment.rejectionReason() != null) {
            body.put("rejectionReason", attachment.rejectionReason());
        }
        if ("STORED".equals(attachment.status())) {
            body.put("downloadUrl", urls.presignGet(AttachmentKeys.stored(productId, attachmentId), DOWNLOAD_URL_VALIDITY).toString());
            body.put("downloadUrlExpiresAt", clock.instant().plus(DOWNLOAD_URL_VALIDITY).toString());
        }
        // The URL inside expires: caches must not keep the answer longer than it.
        return HttpResponses.json(200, body, Map.of("cache-control", "private, no-store"));
    }
}
