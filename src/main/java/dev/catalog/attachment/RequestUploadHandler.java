package dev.catalog.attachment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.command.api.HttpCommandRequest;
import dev.catalog.command.api.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.Caller;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.projection.DynamoDbProductViews;
import dev.catalog.projection.ProductView;
import dev.catalog.projection.ProductViews;
import dev.catalog.projection.ProductViewsUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        this(FunctionEnvironment.fromLambda());
        SnapStartPriming.registerHandler("requestAttachmentUpload", this, SnapStartPriming.anonymousRequest("POST", "/v1/products/{id}/attachments"));
    }

    public RequestUploadHandler(FunctionEnvironment environment) {
        this(AttachmentRules.from(environment.settings()),
                new DynamoDbProductViews(environment.clients().dynamoDb(), environment.settings().requireProductViewsTable()),
                S3UploadUrls.forDocuments(environment),
                UUID::randomUUID);
    }

    public RequestUploadHandler(AttachmentRules rules, ProductViews views, UploadUrls urls, Supplier<UUID> ids) {
        this.rules = rules;
        this.views = views;
        this.urls = urls;
        this.ids = ids;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Caller caller = HttpCommandRequest.authorize(event, Role.EDITOR);
            HttpCommandRequest request = new HttpCommandRequest(event);
            List<FieldError> errors = new ArrayList<>();
            Optional<UUID> productId = request.pathId(errors);
            DeclaredFile file = declaredFile(request.jsonObjectBody(), errors);
            if (!errors.isEmpty()) {
                throw RequestRejectedException.validation(errors);
            }
            Optional<ProductView> product = views.get(productId.orElseThrow()).filter(view -> !view.deleted());
            if (product.isEmpty()) {
                return HttpResponses.problem(Problem.notFound("product " + productId.get()));
            }
            UUID attachmentId = ids.get();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(UploadUrls.FILE_NAME_METADATA, FileNames.toMetadata(file.fileName()));
            metadata.put(UploadUrls.UPLOADED_BY_METADATA, FileNames.toMetadata(caller.sub()));
            UploadUrls.PresignedUpload upload = urls.presignPut(AttachmentKeys.incoming(productId.get(), attachmentId),
                    file.contentType(), file.sizeBytes(), metadata, UPLOAD_URL_VALIDITY);
            log(context, "upload url issued", Map.of("attachmentId", attachmentId.toString(),
                    "productId", productId.get().toString(), "correlationId", request.correlationId()));
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("attachmentId", attachmentId.toString());
            body.put("fileName", file.fileName());
            body.put("uploadUrl", upload.url().toString());
            body.put("method", "PUT");
            ObjectNode headers = body.putObject("headers");
            upload.headers().forEach(headers::put);
            body.put("expiresAt", upload.expiresAt().toString());
            return HttpResponses.json(201, body, Map.of("location",
                    "/v1/products/" + productId.get() + "/attachments/" + attachmentId));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (ProductViewsUnavailableException e) {
            return HttpResponses.problem(Problem.of(503, "UNAVAILABLE", "Service unavailable", "try again shortly"));
        }
    }

    private static void log(Context context, String message, Map<String, ?> fields) {
        if (context != null && context.getLogger() != null) {
            StructuredLog.write(context, "INFO", message, fields);
        }
    }

    /** The file as the client declared it; every invalid field is added to {@code errors}. */
    DeclaredFile declaredFile(ObjectNode body, List<FieldError> errors) {
        String fileName = null;
        JsonNode name = body.get("fileName");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            errors.add(new FieldError("/fileName", "is required: a non-blank string"));
        } else if (name.asText().length() > MAX_RAW_FILE_NAME_LENGTH) {
            errors.add(new FieldError("/fileName", "must be at most " + MAX_RAW_FILE_NAME_LENGTH + " characters"));
        } else {
            fileName = FileNames.sanitise(name.asText());
        }
        String contentType = null;
        JsonNode type = body.get("contentType");
        Optional<String> essence = type != null && type.isTextual() ? MediaTypes.essence(type.asText()) : Optional.empty();
        if (essence.isEmpty() || !rules.allows(essence.get())) {
            errors.add(new FieldError("/contentType", "must be one of " + String.join(", ", rules.allowedTypes().stream().sorted().toList())));
        } else {
            contentType = essence.get();
        }
        long sizeBytes = 0;
        JsonNode size = body.get("sizeBytes");
        Optional<Long> bytes = Json.wholeNumber(size);
        if (bytes.isEmpty() || bytes.get() < 1 || bytes.get() > rules.maxBytes()) {
            errors.add(new FieldError("/sizeBytes", "must be a whole number of bytes from 1 to " + rules.maxBytes()));
        } else {
            sizeBytes = bytes.get();
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!List.of("fileName", "contentType", "sizeBytes").contains(field)) {
                errors.add(new FieldError("/" + field, "is not a known field"));
            }
        });
        return new DeclaredFile(fileName, contentType, sizeBytes);
    }

    /** @param fileName already sanitised; @param contentType the essence, allowed */
    record DeclaredFile(String fileName, String contentType, long sizeBytes) {
    }
}
