package dev.catalog.local.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.functions.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {
    private static final Invocation OK = new Invocation("productWorker", "sqs", 3, Instant.parse("2026-11-21T12:00:01.250Z"),
            Duration.ofMillis(42), "ok", "request-1", null);
    private static final Invocation FAILED = new Invocation("projector", "sqs", 10, Instant.parse("2026-11-21T12:00:02Z"),
            Duration.ofMillis(7), "error", "request-2",
            "Runtime.BadFunctionCode: init broke\n  the configuration store cannot be reached");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private ConsoleOutput console(boolean colours, Verbosity verbosity) {
        return new ConsoleOutput(new PrintStream(printed, true, StandardCharsets.UTF_8), colours, verbosity, ZoneOffset.UTC);
    }

    @Test
    void oneLinePerInvocationWithFunctionTriggerBatchDurationAndOutcome() {
        console(false, Verbosity.NORMAL).invocation(OK);

        assertEquals("12:00:01.250 productWorker          sqs      batch=3       42 ms  ok" + System.lineSeparator(),
                printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedInvocationIsFollowedByWhatWentWrong() {
        console(false, Verbosity.QUIET).invocation(FAILED);

        assertEquals("12:00:02.000 projector              sqs      batch=10       7 ms  error" + System.lineSeparator()
                + "  Runtime.BadFunctionCode: init broke" + System.lineSeparator()
                + "    the configuration store cannot be reached" + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void coloursOnlyForAnInteractiveTerminalThatIsNotDumb() {
        assertTrue(ConsoleOutput.coloursWanted(true, Optional.of("xterm-256color")));
        assertFalse(ConsoleOutput.coloursWanted(false, Optional.of("xterm-256color")), "piped or redirected");
        assertFalse(ConsoleOutput.coloursWanted(true, Optional.of("dumb")));
        assertFalse(ConsoleOutput.coloursWanted(true, Optional.empty()));
        assertTrue(console(true, Verbosity.NORMAL).format(FAILED).contains("\u001b[31merror"));
        assertFalse(console(false, Verbosity.NORMAL).format(FAILED).contains("\u001b["));
    }

    @Test
    void quietShowsOnlyFailuresAndTheFunctionsWarnings() {
        ConsoleOutput quiet = console(false, Verbosity.QUIET);
        quiet.invocation(OK);
        quiet.invocation(FAILED);
        quiet.functionLogs().log("{\"level\":\"INFO\",\"message\":\"batch done\"}\n");
        quiet.functionLogs().log("{\"level\":\"WARN\",\"message\":\"stale event\"}\n");

        String shown = printed.toString(StandardCharsets.UTF_8);
        assertFalse(shown.contains("productWorker") || shown.contains("batch done"), shown);
        assertTrue(shown.contains("projector") && shown.contains("stale event"), shown);
    }
}
