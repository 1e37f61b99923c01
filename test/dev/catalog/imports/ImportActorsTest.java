package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.catalog.attachment.FileNames;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.messaging.Actor;
import dev.catalog.http.Role;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who an import runs as: the requester through the API, the configured system actor for a drop; no I/O. */
class ImportActorsTest {
    private final ImportActors actors = new ImportActors("supplier-drop");
    private final ImportKeys.ImportRef apiImport = ImportKeys.parse("imports/" + UUID.randomUUID() + ".csv", "e").orElseThrow();
    private final ImportKeys.ImportRef drop = ImportKeys.parse("imports/my catalog (v2) é.csv", "e").orElseThrow();

    @Test
    void anApiImportRunsAsTheRequesterWithTheRolesTheSignedUrlRecorded() {
        Map<String, String> metadata = Map.of(UploadUrls.UPLOADED_BY_METADATA, FileNames.toMetadata("user-42"),
                ImportActors.REQUESTER_ROLES_METADATA, ImportActors.toMetadata(List.of(Role.EDITOR, Role.ADMIN)));

        assertEquals(new Actor("user-42", List.of("editor", "admin")), actors.select(apiImport, metadata));
    }

    @Test
    void anApiImportSignedBeforeRolesWereRecordedRunsAsAnEditor() {
        assertEquals(new Actor("user-42", List.of("editor")),
                actors.select(apiImport, Map.of(UploadUrls.UPLOADED_BY_METADATA, FileNames.toMetadata("user-42"))));
    }

    @Test
    void aDropRunsAsTheSystemActorWithOnlyTheEditorRoleWhateverItsMetadataClaims() {
        Map<String, String> forged = Map.of(UploadUrls.UPLOADED_BY_METADATA, "admin-user", ImportActors.REQUESTER_ROLES_METADATA, "admin");

        assertEquals(new Actor("supplier-drop", List.of("editor")), actors.select(drop, forged));
        assertEquals(new Actor("supplier-drop", List.of("editor")), actors.select(drop, Map.of()));
    }

    @Test
    void aFileUnderAnApiKeyWithoutARequesterRunsAsTheSystemActor() {
        assertEquals(actors.systemActor(), actors.select(apiImport, Map.of()));
    }

    @Test
    void unknownRoleClaimsAreDropped() {
        assertEquals(List.of("viewer", "editor"), ImportActors.requesterRoles("viewer, editor,root,editor"));
    }

    @Test
    void aSystemActorNeedsASubject() {
        assertThrows(IllegalArgumentException.class, () -> new ImportActors(" "));
    }
}
