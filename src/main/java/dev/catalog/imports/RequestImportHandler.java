package dev.catalog.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.SnapStartPriming;
import dev.catalog.http.Caller;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.intake.CommandRecord;
import dev.catalog.intake.CommandResponses;
import dev.catalog.intake.CommandStore;
import dev.catalog.intake.CommandStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /v1/imports} with {@code {"format": "csv"|"jsonl", "sizeBytes": n}}: records the import
 * in the commands table (ACCEPTED, the requester's subject) and answers 201 with a presigned PUT for
 * {@code imports/{importId}.csv|.jsonl}. The import runs as the requester recorded here, never as
 * anything the object's metadata claims (see {@link ImportActors}). The import processor runs when
 * the file arrives and replies (type {@code product.import}, commandId = importId) with what it
 * accepted; the status writer completes the record, so {@code GET /v1/commands/{importId}} follows it.
 */
public final class RequestImportHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    /** About 100,000 rows with long descriptions; larger imports are split by the client. */
    static final long MAX_IMPORT_BYTES = 512L * 1024 * 1024;

    private final UploadUrls urls;
    private final CommandStore commands;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public RequestImportHandler() {
        this(UploadUrls.forDocuments(FunctionEnvironment.fromLambda()), CommandStore.forCommandsOf(FunctionEnvironment.fromLambda()),
                UUID::randomUUID, FunctionEnvironment.fromLambda().clock());
        SnapStartPriming.registerHandler("requestImport", this, SnapStartPriming.anonymousRequest("POST", "/v1/imports"));
    }

    public RequestImportHandler(UploadUrls urls, CommandStore commands, Supplier<UUID> ids, Clock clock) {
        this.urls = urls;
        this.commands = commands;
        this.ids = ids;
        this.clock = clock;
    }

    /** Wired on a given environment: how the local runtime builds the function. */
    public static RequestImportHandler from(FunctionEnvironment environment) {
        return new RequestImportHandler(UploadUrls.forDocuments(environment), CommandStore.forCommandsOf(environment), UUID::randomUUID,
                environment.clock());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Caller caller = ApiRequest.authorize(event, Role.EDITOR);
            ImportRequest request = ImportRequest.read(new ApiRequest(event).jsonObjectBody(), MAX_IMPORT_BYTES);
            UUID importId = ids.get();
            // Recorded before the URL exists: an upload can never arrive before its requester is known.
            commands.insertIfAbsent(CommandRecord.accepted(importId, ImportFiles.IMPORT_REPLY_TYPE, importId, caller.sub(),
                    importId.toString(), null, clock.instant()));
            UploadUrls.PresignedUpload upload = urls.presignPut(ImportKeys.of(importId, request.format()), request.format().contentType(),
                    request.sizeBytes(), Map.of(), UPLOAD_URL_VALIDITY);
            StructuredLog.write(context, "INFO", "import url issued", Map.of("importId", importId.toString(),
                    "format", request.format().name(), "sizeBytes", request.sizeBytes(), "correlationId", importId.toString()));
            return HttpResponses.json(201, upload.toAnswer("importId", importId));
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (CommandStoreUnavailableException e) {
            return CommandResponses.storeUnavailable();
        }
    }
}
