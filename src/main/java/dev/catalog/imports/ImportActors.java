package dev.catalog.imports;

import dev.catalog.intake.CommandRecord;
import dev.catalog.messaging.Actor;
import dev.catalog.http.Role;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who an import runs as, decided from records only this service writes, never from the object.
 *
 * <p>Anyone with put rights on {@code imports/} (a supplier's S3 client, the file-drop path) can
 * set any {@code x-amz-meta-*} header on any key, an API-style one included: object metadata says
 * what its writer wanted, not who asked. So {@code POST /v1/imports} records the import in the
 * commands table (type {@value ImportFiles#IMPORT_REPLY_TYPE}, the requester's subject,
 * ACCEPTED until the processor's reply completes it) before it signs the URL, and the processor
 * looks the requester up by the import id in the key. A file under a key the API never issued, or
 * whose record has expired, runs as the configured system actor like any drop.
 *
 * <p>Every import runs with the one role an import needs ({@code editor}): the API checked the
 * requester held it, and carrying their other roles (admin) into commands that only create and
 * update products would grant the import more than it uses. Recording the roles server-side too
 * was the alternative; least privilege made it unnecessary.
 */
final class ImportActors {
    /** The role an import needs, and the only one it runs with. */
    static final List<String> IMPORT_ROLES = List.of(Role.EDITOR.claimValue());

    private final Actor systemActor;
    private final Function<UUID, Optional<CommandRecord>> recordedImports;

    /**
     * @param systemSubject the stage's {@code importActor} parameter
     * @param recordedImports the commands table's record of an id, as the API wrote it
     */
    ImportActors(String systemSubject, Function<UUID, Optional<CommandRecord>> recordedImports) {
        if (systemSubject == null || systemSubject.isBlank()) {
            throw new IllegalArgumentException("the import system actor's subject is empty");
        }
        this.systemActor = new Actor(systemSubject, IMPORT_ROLES);
        this.recordedImports = recordedImports;
    }

    Actor systemActor() {
        return systemActor;
    }

    /**
     * The requester the API recorded for an API key's import id; the system actor for a drop and
     * for an API-style key nobody requested through the API.
     *
     * @throws dev.catalog.intake.CommandStoreUnavailableException when the record cannot be read (the import is retried)
     */
    Actor select(ImportKeys.ImportRef ref) {
        if (ref.source() == ImportKeys.Source.DROP) {
            return systemActor;
        }
        return recordedImports.apply(ref.importId())
                .filter(record -> ImportFiles.IMPORT_REPLY_TYPE.equals(record.type()))
                .map(CommandRecord::actor)
                .filter(sub -> !sub.isBlank())
                .map(sub -> new Actor(sub, IMPORT_ROLES))
                .orElse(systemActor);
    }
}
