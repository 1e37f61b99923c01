package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.messaging.Reply;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.projection.AttachmentView;
import dev.catalog.projection.AttachmentViews;
import dev.catalog.projection.ProductViewsUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/products/{id}/attachments/{aid}}: the attachment as the product view lists it and,
 * when it is STORED, a presigned download URL valid for five minutes. Deleted products and
 * attachments answer 404 like unknown ones, with code {@code ATTACHMENT_NOT_FOUND}.
 */
public final class GetAttachmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Short: the URL is a bearer credential for the file, and the client asks for a new one at will. */
    static final Duration DOWNLOAD_URL_VALIDITY = Duration.ofMinutes(5);

    private final AttachmentViews views;
    private final UploadUrls urls;
    private final Clock clock;

    public GetAttachmentHandler() {
        this(AttachmentViews.forFunction(FunctionEnvironment.fromLambda()),
                UploadUrls.forDocuments(FunctionEnvironment.fromLambda()),
                FunctionEnvironment.fromLambda().clock());
        SnapStartPriming.registerHandler("getAttachment", this, SnapStartPriming.anonymousRequest("GET", "/v1/products/{id}/attachments/{aid}"));
    }

    public GetAttachmentHandler(AttachmentViews views, UploadUrls urls, Clock clock) {
        this.views = views;
        this.urls = urls;
        this.clock = clock;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static GetAttachmentHandler from(FunctionEnvironment environment) {
        return new GetAttachmentHandler(AttachmentViews.forFunction(environment),
                UploadUrls.forDocuments(environment),
                environment.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            ApiRequest.authorize(event, Role.VIEWER);
            ApiRequest request = new ApiRequest(event);
            List<FieldError> errors = new ArrayList<>();
            Optional<UUID> productId = request.pathId(errors);
            Optional<UUID> attachmentId = request.pathId("aid", errors);
            if (!errors.isEmpty()) {
                throw RequestRejectedException.validation(errors);
            }
            Optional<AttachmentView> found = views.get(productId.orElseThrow(), attachmentId.orElseThrow())
                    .filter(view -> !"DELETED".equals(view.status()));
            if (found.isEmpty()) {
                // The same stable code as the FAILED reply of a delete that finds nothing.
                return HttpResponses.problem(Problem.of(404, Reply.ErrorCode.ATTACHMENT_NOT_FOUND.name(), "Not found",
                        "attachment " + attachmentId.get() + " does not exist"));
            }
            // The URL inside expires: caches must not keep the answer longer than it.
            return HttpResponses.json(200, body(found.get()), Map.of("cache-control", "private, no-store"));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.unavailable("attachments"));
        }
    }

    private AttachmentRepresentation body(AttachmentView attachment) {
        if (!"STORED".equals(attachment.status())) {
            return AttachmentRepresentation.of(attachment, null, null);
        }
        String key = AttachmentKeys.stored(attachment.productId(), attachment.attachmentId());
        return AttachmentRepresentation.of(attachment, urls.presignGet(key, DOWNLOAD_URL_VALIDITY).toString(),
                clock.instant().plus(DOWNLOAD_URL_VALIDITY));
    }
}
