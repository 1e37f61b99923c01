package dev.catalog.intake;

import dev.catalog.http.ApiRequest;
import dev.catalog.http.RequestRejectedException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.http.Caller;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.http.Role;
import dev.catalog.internal.Json;
import dev.catalog.internal.StructuredLog;
import dev.catalog.metrics.Metric;
import dev.catalog.metrics.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every write route does around its own parsing: check the caller is an editor, validate
 * (all failures in one answer, before anything is written), derive command ids from idempotency
 * keys, accept, and turn the outcome into the HTTP answer.
 */
public final class CommandIntake {
    private static final RequestSchemas SCHEMAS = RequestSchemas.load();

    private final CommandAcceptance acceptance;
    private final Supplier<UUID> ids;
    private final Metrics metrics;
    private final ProductCommandRequests requests = new ProductCommandRequests(SCHEMAS);

    public CommandIntake(CommandAcceptance acceptance, Supplier<UUID> ids) {
        this(acceptance, ids, Metrics.none());
    }

    public CommandIntake(CommandAcceptance acceptance, Supplier<UUID> ids, Metrics metrics) {
        this.acceptance = acceptance;
        this.ids = ids;
        this.metrics = metrics;
    }

    /** Adapters on the function's commands table and topic; random ids. */
    public static CommandIntake from(FunctionEnvironment environment) {
        return new CommandIntake(CommandAcceptance.forCommandsOf(environment), UUID::randomUUID,
                Metrics.forFunction(environment));
    }

    /** Reads one command from a request, adding every invalid field to the list it is given. */
    @FunctionalInterface
    public interface SingleCommandReader {
        ValidatedCommand read(ApiRequest request, ProductCommandRequests requests, List<FieldError> errors);
    }

    /** A route that carries one command, made safe to retry by an {@code Idempotency-Key} header. */
    public APIGatewayV2HTTPResponse acceptOne(APIGatewayV2HTTPEvent event, Context context, String route, SingleCommandReader reader) {
        return answer(context, reused -> List.of(new FieldError(ApiRequest.IDEMPOTENCY_KEY, "was used for a different request")),
                () -> {
                    Caller caller = ApiRequest.authorize(event, Role.EDITOR);
                    ApiRequest request = new ApiRequest(event);
                    List<FieldError> errors = new ArrayList<>();
                    Optional<String> idempotencyKey = request.idempotencyKey(errors);
                    ValidatedCommand command = reader.read(request, requests, errors);
                    if (!errors.isEmpty()) {
                        throw RequestRejectedException.validation(errors);
                    }
                    UUID commandId = idempotencyKey.map(key -> CommandIds.forIdempotencyKey(caller.sub(), key)).orElseGet(ids);
                    NewCommand newCommand = toNewCommand(command, commandId, idempotencyKey.isPresent(), caller, route, request);
                    AcceptedCommand accepted = acceptance.accept(newCommand);
                    accepted(context, accepted, newCommand.correlationId());
                    return CommandResponses.accepted(accepted);
                });
    }

    /** {@code POST /v1/commands}: up to ten commands, each safe to retry with a client-chosen commandId. */
    APIGatewayV2HTTPResponse acceptBulk(APIGatewayV2HTTPEvent event, Context context, String route) {
        return answer(context, reused -> reused.positions().stream()
                        .map(position -> new FieldError("/commands/" + position + "/commandId", "was used for a different request")).toList(),
                () -> {
                    Caller caller = ApiRequest.authorize(event, Role.EDITOR);
                    ApiRequest request = new ApiRequest(event);
                    List<FieldError> errors = new ArrayList<>();
                    List<ValidatedCommand> commands = requests.bulk(request.jsonObjectBody(), errors);
                    if (!errors.isEmpty()) {
                        throw RequestRejectedException.validation(errors);
                    }
                    List<NewCommand> newCommands = commands.stream().map(command -> toNewCommand(command,
                            command.clientCommandId() == null ? ids.get() : command.clientCommandId(),
                            command.clientCommandId() != null, caller, route, request)).toList();
                    List<AcceptedCommand> accepted = acceptance.acceptAll(newCommands);
                    // One line for the request, as for a single command: the ids it accepted, not a line each.
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("accepted", accepted.size());
                    fields.put("commandIds", accepted.stream().map(command -> command.commandId().toString()).toList());
                    fields.put("correlationId", newCommands.get(0).correlationId());
                    StructuredLog.write(context, "INFO", "accepted commands", fields);
                    accepted.forEach(command -> metrics.record(Metric.COMMANDS_ACCEPTED, command.type(), 1));
                    return CommandResponses.acceptedAll(accepted);
                });
    }

    /** The HTTP answer of {@code acceptance}, or of the reason it could not accept; metrics are flushed either way. */
    private APIGatewayV2HTTPResponse answer(Context context, Function<IdempotencyKeyReusedException, List<FieldError>> reusedFields,
            Supplier<APIGatewayV2HTTPResponse> acceptance) {
        try {
            return acceptance.get();
        } catch (RequestRejectedException e) {
            return e.toResponse();
        } catch (IdempotencyKeyReusedException e) {
            return CommandResponses.idempotencyKeyReused(reusedFields.apply(e));
        } catch (CommandPublishFailedException e) {
            e.unpublishedCommandIds().forEach(commandId -> log(context, e.throttled() ? "WARN" : "ERROR",
                    e.throttled() ? "command publish throttled" : "command publish failed", commandId, null));
            return CommandResponses.publishFailed(e);
        } catch (CommandStoreUnavailableException e) {
            log(context, "ERROR", "command store unavailable", null, null);
            return CommandResponses.storeUnavailable();
        } finally {
            metrics.flush();
        }
    }

    private void accepted(Context context, AcceptedCommand command, String correlationId) {
        log(context, "INFO", "accepted command", command.commandId(), correlationId);
        metrics.record(Metric.COMMANDS_ACCEPTED, command.type(), 1);
    }

    private NewCommand toNewCommand(ValidatedCommand command, UUID commandId, boolean idMayBeTaken, Caller caller,
            String route, ApiRequest request) {
        UUID productId = command.productId() == null ? ids.get() : command.productId();
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("productId", productId.toString());
        payload.setAll(command.fields());
        return new NewCommand(commandId, command.type(), productId, payload, RequestHash.of(caller.sub(), route, command),
                caller.toActor(), request.correlationId(), idMayBeTaken);
    }

    /** Ids only: never the payload, the token or the caller's headers. */
    private static void log(Context context, String level, String message, UUID commandId, String correlationId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (commandId != null) {
            fields.put("commandId", commandId);
        }
        if (correlationId != null) {
            fields.put("correlationId", correlationId);
        }
        StructuredLog.write(context, level, message, fields);
    }
}
