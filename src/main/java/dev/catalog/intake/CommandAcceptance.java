package dev.catalog.intake;

import dev.catalog.command.CommandStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepts commands: records each one as ACCEPTED, then publishes it.
 *
 * <p>A command id that is already stored means a retry: with the same request hash the first
 * answer is given again, and the command is published again while it is still ACCEPTED (the
 * topic drops the duplicate within its deduplication window; after a failed first publish this
 * is the one that goes out). With another request hash the id was reused for something else and
 * nothing is published.
 */
public final class CommandAcceptance {
    /** The version of the command envelope this API publishes. */
    static final int SCHEMA_VERSION = 1;

    private final CommandStore store;
    private final CommandPublisher publisher;
    private final Clock clock;

    /** On the function's commands table and commands topic: what the API and the import processor accept with. */
    public static CommandAcceptance forCommandsOf(FunctionEnvironment environment) {
        return new CommandAcceptance(
                DynamoDbCommandStore.from(environment),
                new SnsCommandPublisher(environment.clients().sns(), environment.settings().requireCommandsTopicArn(), Json.mapper()),
                environment.clock());
    }

    public CommandAcceptance(CommandStore store, CommandPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @throws IdempotencyKeyReusedException when the command id belongs to a different request
     * @throws CommandPublishFailedException when publishing failed (the command stays ACCEPTED)
     * @throws CommandStoreUnavailableException when the store could not be written
     */
    public AcceptedCommand accept(NewCommand command) {
        Instant acceptedAt = now();
        Resolution resolution = resolve(command, 0, acceptedAt, store.insertIfAbsent(toRecord(command, acceptedAt)));
        resolution.toPublish().ifPresent(publisher::publish);
        return resolution.answer();
    }

    /**
     * Accepts up to ten commands with a single publish call. New commands, the usual case, are
     * stored in one all-or-nothing write; when some id is stored already nothing was written, the
     * ids the client chose are checked (a reused one rejects the whole request, still before
     * anything is written), and each command is then stored on its own like a single retry.
     *
     * @throws IdempotencyKeyReusedException naming the positions of every reused command id
     * @throws CommandPublishFailedException when any command was not published
     */
    public List<AcceptedCommand> acceptAll(List<NewCommand> commands) {
        Instant acceptedAt = now();
        List<CommandRecord> records = commands.stream().map(command -> toRecord(command, acceptedAt)).toList();
        List<Optional<CommandRecord>> stored;
        if (store.insertAllIfNoneExist(records)) {
            stored = records.stream().map(record -> Optional.<CommandRecord>empty()).toList();
        } else {
            rejectReusedIds(commands);
            stored = records.stream().map(store::insertIfAbsent).toList();
        }
        List<AcceptedCommand> answers = new ArrayList<>();
        List<CommandEnvelope> toPublish = new ArrayList<>();
        for (int position = 0; position < commands.size(); position++) {
            NewCommand command = commands.get(position);
            Resolution resolution = resolve(command, position, acceptedAt, stored.get(position));
            answers.add(resolution.answer());
            resolution.toPublish().ifPresent(toPublish::add);
        }
        if (!toPublish.isEmpty()) {
            publisher.publishAll(toPublish);
        }
        return answers;
    }

    private void rejectReusedIds(List<NewCommand> commands) {
        List<Integer> reused = new ArrayList<>();
        for (int position = 0; position < commands.size(); position++) {
            NewCommand command = commands.get(position);
            if (command.idMayBeTaken() && store.find(command.commandId())
                    .filter(existing -> !existing.requestHash().equals(command.requestHash())).isPresent()) {
                reused.add(position);
            }
        }
        if (!reused.isEmpty()) {
            throw new IdempotencyKeyReusedException(reused);
        }
    }

    private Resolution resolve(NewCommand command, int position, Instant acceptedAt, Optional<CommandRecord> alreadyStored) {
        if (alreadyStored.isEmpty()) {
            AcceptedCommand answer = new AcceptedCommand(command.commandId(), command.type(), command.productId());
            return new Resolution(answer, Optional.of(envelope(command, command.payload(), acceptedAt)));
        }
        CommandRecord existing = alreadyStored.get();
        if (!existing.requestHash().equals(command.requestHash())) {
            throw new IdempotencyKeyReusedException(List.of(position));
        }
        // The first attempt's product id wins: a retried create must not name a new product.
        AcceptedCommand answer = new AcceptedCommand(existing.commandId(), existing.type(), existing.productId());
        if (existing.status() != CommandStatus.ACCEPTED) {
            return new Resolution(answer, Optional.empty());
        }
        ObjectNode payload = command.payload().deepCopy();
        payload.put("productId", existing.productId().toString());
        NewCommand asFirstAccepted = new NewCommand(existing.commandId(), existing.type(), existing.productId(), payload,
                existing.requestHash(), command.actor(),
                existing.correlationId() == null ? command.correlationId() : existing.correlationId(), true);
        return new Resolution(answer, Optional.of(envelope(asFirstAccepted, payload, existing.acceptedAt())));
    }

    private static CommandEnvelope envelope(NewCommand command, ObjectNode payload, Instant issuedAt) {
        return new CommandEnvelope(command.commandId(), command.type(), SCHEMA_VERSION, issuedAt, command.actor(),
                command.correlationId(), payload);
    }

    private static CommandRecord toRecord(NewCommand command, Instant acceptedAt) {
        return CommandRecord.accepted(command.commandId(), command.type(), command.productId(), command.actor().sub(),
                command.correlationId(), command.requestHash(), acceptedAt);
    }

    /** Milliseconds are all the status API shows; the stored and published instants must agree. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Resolution(AcceptedCommand answer, Optional<CommandEnvelope> toPublish) {
    }
}
