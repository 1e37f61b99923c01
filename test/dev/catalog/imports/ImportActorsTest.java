package dev.catalog.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.catalog.messaging.Actor;
import dev.catalog.intake.CommandRecord;
import dev.catalog.intake.CommandStore;
import dev.catalog.intake.InMemoryCommandStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who an import runs as: the requester the API recorded, else the configured system actor; always editor only; no I/O. */
class ImportActorsTest {
    private final UUID importId = UUID.randomUUID();
    private final CommandStore commands = new InMemoryCommandStore();
    private final ImportActors actors = new ImportActors("supplier-drop", commands::find);
    private final ImportKeys.ImportRef apiImport = ImportKeys.parse("imports/" + importId + ".csv", "e").orElseThrow();
    private final ImportKeys.ImportRef drop = ImportKeys.parse("imports/my catalog (v2) é.csv", "e").orElseThrow();

    @Test
    void anApiImportRunsAsTheRequesterTheApiRecordedWithOnlyTheEditorRole() {
        commands.insertIfAbsent(CommandRecord.accepted(importId, ImportFiles.IMPORT_REPLY_TYPE, importId, "user-42",
                importId.toString(), null, Instant.now()));

        assertEquals(new Actor("user-42", List.of("editor")), actors.select(apiImport));
    }

    @Test
    void aFileUnderAnApiKeyTheApiNeverIssuedRunsAsTheSystemActor() {
        assertEquals(actors.systemActor(), actors.select(apiImport));
    }

    @Test
    void aCommandThatIsNotAnImportNamesNoRequester() {
        // A bucket writer who names the file after someone's product command id gains nothing.
        commands.insertIfAbsent(CommandRecord.accepted(importId, "product.create", importId, "user-42", null, null, Instant.now()));

        assertEquals(actors.systemActor(), actors.select(apiImport));
    }

    @Test
    void aDropRunsAsTheSystemActorWithOnlyTheEditorRole() {
        assertEquals(new Actor("supplier-drop", List.of("editor")), actors.select(drop));
    }

    @Test
    void aDropNeverConsultsTheCommandsTable() {
        ImportActors unreadable = new ImportActors("supplier-drop", importId -> {
            throw new AssertionError("a drop has no requester to look up");
        });

        assertEquals(new Actor("supplier-drop", List.of("editor")), unreadable.select(drop));
    }

    @Test
    void aRecordWithABlankRequesterNamesNoRequester() {
        commands.insertIfAbsent(CommandRecord.accepted(importId, ImportFiles.IMPORT_REPLY_TYPE, importId, " ",
                importId.toString(), null, Instant.now()));

        assertEquals(actors.systemActor(), actors.select(apiImport));
    }

    @Test
    void aSystemActorNeedsASubject() {
        assertThrows(IllegalArgumentException.class, () -> new ImportActors(" ", commands::find));
    }
}
