package dev.catalog.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.messaging.Actor;
import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.NewCommand;
import dev.catalog.intake.ProductCommandRequests;
import dev.catalog.intake.RequestHash;
import dev.catalog.intake.ValidatedCommand;
import dev.catalog.http.Problem.FieldError;
import dev.catalog.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of one import file: streamed line by line (bounded lines, never the whole file), each
 * checked with the API's own rules, the valid ones accepted as {@code product.create} /
 * {@code product.update} commands on {@link AcceptanceLanes}.
 *
 * <p>Command and product ids are derived from the import id and the line number, so reading the
 * same file again (a duplicate notification, a retry after a failure) accepts the same commands,
 * which the command store and the FIFO topic recognise: nothing is created twice.
 */
public final class ImportRows {
    /** Far longer than any valid row (a 200-character name and a 4000-character description). */
    static final int MAX_LINE_CHARS = 16 * 1024;

    private final CommandAcceptance acceptance;
    private final ProductCommandRequests rules = ProductCommandRequests.withRequestSchemas();

    public ImportRows(CommandAcceptance acceptance) {
        this.acceptance = acceptance;
    }

    /** Streams the rows of {@code content} into {@code report}, accepting the valid ones as {@code actor}. */
    public void read(UUID importId, ImportFormat format, InputStream content, Actor actor, ImportReport report) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, MAX_LINE_CHARS);
        ImportRowParser parser = new ImportRowParser(format);
        try (AcceptanceLanes lanes = new AcceptanceLanes(acceptance, report)) {
            BoundedLineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.tooLong()) {
                    report.rejected(line.number(), List.of("the line is longer than " + MAX_LINE_CHARS + " characters"));
                    continue;
                }
                if (line.notUtf8()) {
                    report.rejected(line.number(), List.of("the line is not valid UTF-8"));
                    continue;
                }
                if (line.text().isBlank()) {
                    continue;
                }
                if (parser.expectsHeader()) {
                    Optional<String> problem = parser.acceptHeader(line.text());
                    if (problem.isPresent()) {
                        // Without a header no row can be read: the whole file is refused at line 1.
                        report.rejected(line.number(), List.of(problem.get()));
                        return;
                    }
                    continue;
                }
                ImportRow row = parser.parse(line.number(), line.text());
                List<String> problems = new ArrayList<>(row.problems());
                ValidatedCommand command = null;
                if (problems.isEmpty()) {
                    List<FieldError> errors = new ArrayList<>();
                    command = row.productId() == null ? rules.create(row.body(), errors) : rules.update(row.productId(), row.body(), errors);
                    errors.forEach(error -> problems.add(error.field() + ": " + error.message()));
                }
                if (!problems.isEmpty()) {
                    report.rejected(row.line(), problems);
                    continue;
                }
                lanes.add(toNewCommand(importId, row.line(), command, actor));
            }
        }
    }

    private static NewCommand toNewCommand(UUID importId, int line, ValidatedCommand command, Actor actor) {
        UUID commandId = derived(importId, line, "command");
        UUID productId = command.productId() == null ? derived(importId, line, "product") : command.productId();
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("productId", productId.toString());
        payload.setAll(command.fields());
        String route = "IMPORT " + importId + " line " + line;
        // idMayBeTaken false: a command already stored under this id is this very row, found again on a re-run.
        return new NewCommand(commandId, command.type(), productId, payload, RequestHash.of(actor.sub(), route, command), actor,
                importId.toString(), false);
    }

    private static UUID derived(UUID importId, int line, String what) {
        return UUID.nameUUIDFromBytes((importId + ":" + line + ":" + what).getBytes(StandardCharsets.UTF_8));
    }
}
