package dev.catalog.local.devtools.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.mediatype.ContentAnalyser;
import io.vertx.openapi.mediatype.ContentAnalyserFactory;
import io.vertx.openapi.mediatype.MediaTypeRegistration;
import io.vertx.openapi.mediatype.MediaTypeRegistry;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.ValidationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The combined OpenAPI document as Vert.x's OpenAPI validator reads it: building it checks the
 * document against the OpenAPI 3.1 schema, and {@link #violation} checks one answer of the API
 * (status, the headers the operation declares, content type and body) against its operation.
 */
public final class ApiContract {
    /** RFC 9457 problems: JSON, but a media type the validator does not know by itself. */
    static final String PROBLEM_JSON = "application/problem+json";
    private static final long TIMEOUT_SECONDS = 60;
    private static volatile Vertx vertx;

    private final OpenAPIContract contract;
    private final ResponseValidator validator;

    private ApiContract(OpenAPIContract contract) {
        this.contract = contract;
        this.validator = ResponseValidator.create(sharedVertx(), contract);
    }

    /** The project's combined document, checked as OpenAPI 3.1. */
    public static ApiContract of(Path projectDir) {
        return of(OpenApiDocument.combine(projectDir));
    }

    /**
     * @throws InvalidContractException with the validator's findings when the document is not valid OpenAPI 3.1
     */
    public static ApiContract of(JsonNode document) {
        MediaTypeRegistry mediaTypes = MediaTypeRegistry.createDefault().register(new ProblemJson());
        try {
            return new ApiContract(await(OpenAPIContract.builder(sharedVertx())
                    .setContract(new JsonObject(document.toString()))
                    .mediaTypeRegistry(mediaTypes)
                    .build().toCompletionStage().toCompletableFuture()));
        } catch (ExecutionException e) {
            throw new InvalidContractException(describe(e.getCause()), e.getCause());
        }
    }

    /** The operation API Gateway routes {@code method path} to (the path as the route declares it). */
    public Optional<Operation> operation(String method, String pathTemplate) {
        return contract.operations().stream()
                .filter(operation -> operation.getHttpMethod().name().equalsIgnoreCase(method)
                        && operation.getOpenAPIPath().equals(pathTemplate))
                .findFirst();
    }

    public List<Operation> operations() {
        return contract.operations();
    }

    /**
     * What is wrong with one answer of the route {@code "METHOD /path/{template}"}, or empty when
     * the document describes it.
     *
     * @param headers the response headers, names in any case
     */
    public Optional<String> violation(String routeKey, int status, Map<String, List<String>> headers, byte[] body) {
        String[] route = routeKey.split(" ", 2);
        Optional<Operation> operation = operation(route[0], route[1]);
        if (operation.isEmpty()) {
            return Optional.of("route " + routeKey + " is not described in the OpenAPI document");
        }
        Map<String, String> declaredHeaders = new HashMap<>();
        Response response = Optional.ofNullable(operation.get().getResponse(status)).orElse(operation.get().getDefaultResponse());
        if (response != null) {
            for (Parameter header : response.getHeaders()) {
                first(headers, header.getName()).ifPresent(value -> declaredHeaders.put(header.getName(), value));
            }
        }
        String contentType = first(headers, "content-type").orElse(null);
        ValidatableResponse answer = ValidatableResponse.create(status, declaredHeaders,
                body.length == 0 ? null : Buffer.buffer(body), contentType);
        try {
            await(validator.validate(answer, operation.get().getOperationId()).toCompletionStage().toCompletableFuture());
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(routeKey + " answered " + status + " (" + contentType + ") not as described: " + describe(e.getCause()));
        }
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(header -> header.getKey() != null && header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty())
                .map(header -> header.getValue().get(0))
                .findFirst();
    }

    /** The validator's message and, for a schema failure, each failing keyword with where it failed. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        if (failure instanceof SchemaValidationException schemaFailure && schemaFailure.getOutputUnit() != null) {
            appendErrors(text, schemaFailure.getOutputUnit());
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            text.append("; ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static void appendErrors(StringBuilder text, OutputUnit unit) {
        if (unit.getErrors() != null) {
            for (OutputUnit error : unit.getErrors()) {
                text.append("; ").append(error.getInstanceLocation()).append(": ").append(error.getError())
                        .append(" (").append(error.getKeywordLocation()).append(")");
            }
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws ExecutionException {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating against the OpenAPI document", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the OpenAPI validator gave no answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private static Vertx sharedVertx() {
        if (vertx == null) {
            synchronized (ApiContract.class) {
                if (vertx == null) {
                    vertx = Vertx.vertx();
                }
            }
        }
        return vertx;
    }

    /** The document is not valid OpenAPI 3.1, or uses what the validator cannot check. */
    public static final class InvalidContractException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidContractException(String message, Throwable cause) {
            super("the OpenAPI document is not valid: " + message, cause);
        }
    }

    /** {@code application/problem+json} bodies are read as JSON and checked against their schema. */
    private static final class ProblemJson implements MediaTypeRegistration {
        @Override
        public ContentAnalyser createContentAnalyser(String contentType, Buffer content, ValidationContext context) {
            return ContentAnalyserFactory.json().create(contentType, content, context);
        }

        @Override
        public boolean canHandle(String mediaType) {
            return mediaType != null && mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(PROBLEM_JSON);
        }

        @Override
        public List<String> supportedTypes() {
            return List.of(PROBLEM_JSON);
        }
    }
}
