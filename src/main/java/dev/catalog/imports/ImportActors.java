package dev.catalog.imports;

import dev.catalog.attachment.FileNames;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.messaging.Actor;
import dev.catalog.http.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who an import runs as. A file uploaded through {@code POST /v1/imports} runs as the requester:
 * the signed URL fixed their subject and roles as object metadata the upload must carry. A file
 * dropped into the bucket by any other S3 client runs as the configured system actor, with the
 * one role an import needs ({@code editor}): a bucket writer never gets more than that.
 */
final class ImportActors {
    /** Object metadata the signed URL sets: the requester's roles, comma-separated. */
    static final String REQUESTER_ROLES_METADATA = "uploaded-roles";
    /** The role an import needs and the most a metadata claim or a drop can give. */
    static final List<String> IMPORT_ROLES = List.of(Role.EDITOR.claimValue());

    private final Actor systemActor;

    /** @param systemSubject the stage's {@code importActor} parameter */
    ImportActors(String systemSubject) {
        if (systemSubject == null || systemSubject.isBlank()) {
            throw new IllegalArgumentException("the import system actor's subject is empty");
        }
        this.systemActor = new Actor(systemSubject, IMPORT_ROLES);
    }

    Actor systemActor() {
        return systemActor;
    }

    /**
     * The requester for a file the API signed; the system actor for a drop, and for a file under an
     * API key that carries no requester (written by a bucket writer, not through a signed URL).
     */
    Actor select(ImportKeys.ImportRef ref, Map<String, String> metadata) {
        if (ref.source() == ImportKeys.Source.DROP) {
            return systemActor;
        }
        Optional<String> sub = Optional.ofNullable(metadata.get(UploadUrls.UPLOADED_BY_METADATA))
                .map(FileNames::fromMetadata).filter(value -> value != null && !value.isBlank());
        if (sub.isEmpty()) {
            return systemActor;
        }
        String roles = metadata.get(REQUESTER_ROLES_METADATA);
        // URLs signed before the roles were recorded: the API checked the requester was an editor.
        return new Actor(sub.get(), roles == null ? IMPORT_ROLES : requesterRoles(roles));
    }

    static List<String> requesterRoles(String metadataValue) {
        List<String> roles = new ArrayList<>();
        for (String value : metadataValue.split(",")) {
            Role.fromClaim(value).map(Role::claimValue).filter(role -> !roles.contains(role)).ifPresent(roles::add);
        }
        return roles;
    }

    static String toMetadata(List<Role> roles) {
        return String.join(",", roles.stream().map(Role::claimValue).toList());
    }
}
