package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.Caller;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.internal.StructuredLog;
import dev.catalog.projection.ProductView;
import dev.catalog.projection.ProductViews;
import dev.catalog.projection.ProductViewsUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /v1/products/{id}/attachments}: checks the declared file against the rules and the
 * product against its view, then answers 201 with a presigned PUT for
 * {@code incoming/{productId}/{attachmentId}}. Nothing is written here: the upload processor records
 * the attachment when (and if) the object arrives, so the API stays off Aurora.
 */
public final class RequestUploadHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Long enough for a slow mobile upload of 25 MiB, short enough that a leaked URL soon dies. */
    static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    /** Raw names longer than this are refused rather than silently cut (sanitising keeps 255). */
    static final int MAX_RAW_FILE_NAME_LENGTH = 1024;

    private final AttachmentRules rules;
    private final ProductViews views;
    private final UploadUrls urls;
    private final Supplier<UUID> ids;

    public RequestUploadHandler() {
        this(AttachmentRules.from(FunctionEnvironment.fromLambda().settings()), ProductViews.forFunction(FunctionEnvironment.fromLambda()),
                UploadUrls.forDocuments(FunctionEnvironment.fromLambda()), UUID::randomUUID);
        SnapStartPriming.registerHandler("requestAttachmentUpload", this, SnapStartPriming.anonymousRequest("POST", "/v1/products/{id}/attachments"));
    }

    public RequestUploadHandler(AttachmentRules rules, ProductViews views, UploadUrls urls, Supplier<UUID> ids) {
        this.rules = rules;
        this.views = views;
        this.urls = urls;
        this.ids = ids;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static RequestUploadHandler from(FunctionEnvironment environment) {
        return new RequestUploadHandler(AttachmentRules.from(environment.settings()), ProductViews.forFunction(environment),
                UploadUrls.forDocuments(environment), UUID::randomUUID);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Caller caller = ApiRequest.authorize(event, Role.EDITOR);
            ApiRequest request = new ApiRequest(event);
            List<FieldError> errors = new ArrayList<>();
            Optional<UUID> productId = request.pathId(errors);
            DeclaredFile file = DeclaredFile.read(request.jsonObjectBody(), rules, errors);
            if (!errors.isEmpty()) {
                throw RequestRejectedException.validation(errors);
            }
            Optional<ProductView> product = views.get(productId.orElseThrow()).filter(view -> !view.deleted());
            if (product.isEmpty()) {
                return HttpResponses.problem(Problem.notFound("product " + productId.get()));
            }
            UUID attachmentId = ids.get();
            UploadUrls.PresignedUpload upload = urls.presignPut(AttachmentKeys.incoming(productId.get(), attachmentId),
                    file.contentType(), file.sizeBytes(), Map.of(UploadUrls.FILE_NAME_METADATA, FileNames.toMetadata(file.fileName()),
                            UploadUrls.UPLOADED_BY_METADATA, FileNames.toMetadata(caller.sub())), UPLOAD_URL_VALIDITY);
            StructuredLog.write(context, "INFO", "upload url issued", Map.of("attachmentId", attachmentId.toString(),
                    "productId", productId.get().toString(), "correlationId", request.correlationId()));
            return HttpResponses.json(201, upload.toAnswer("attachmentId", attachmentId).put("fileName", file.fileName()),
                    Map.of("location", "/v1/products/" + productId.get() + "/attachments/" + attachmentId));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.unavailable("product views"));
        }
    }
}
