package dev.catalog.local.devtools;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.catalog.local.runtime.functions.Invocation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime's console: one line per invocation (time, function, trigger, batch size, duration,
 * outcome), coloured by outcome only when a person is reading a terminal, and the functions' own
 * log lines according to the {@link Verbosity}.
 */
public final class ConsoleOutput {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String DIM = "\u001b[2m";

    private final PrintStream out;
    private final boolean colours;
    private final Verbosity verbosity;
    private final ZoneId zone;

    public ConsoleOutput(PrintStream out, boolean colours, Verbosity verbosity, ZoneId zone) {
        this.out = out;
        this.colours = colours;
        this.verbosity = verbosity;
        this.zone = zone;
    }

    /** Standard output, coloured when it is a terminal that understands colours. */
    public static ConsoleOutput forTerminal(Verbosity verbosity, Optional<String> term) {
        return new ConsoleOutput(System.out, coloursWanted(System.console() != null, term), verbosity, ZoneId.systemDefault());
    }

    /** Colours only for a person at a terminal: not for pipes, files, CI logs or {@code TERM=dumb}. */
    static boolean coloursWanted(boolean interactive, Optional<String> term) {
        return interactive && term.map(value -> !value.isBlank() && !value.equals("dumb")).orElse(false);
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    public void invocation(Invocation invocation) {
        if (verbosity == Verbosity.QUIET && invocation.outcome().equals("ok")) {
            return;
        }
        out.println(format(invocation));
        if (invocation.error() != null) {
            // An init failure carries the function's last output lines: indented under the invocation they failed.
            invocation.error().lines().forEach(line -> out.println("  " + line));
        }
    }

    /** For example {@code 12:00:01.250 productWorker   sqs      batch=3   42 ms  ok}. */
    public String format(Invocation invocation) {
        String line = String.format(Locale.ROOT, "%s %-22s %-8s batch=%-3d %6d ms  %s",
                TIME.format(invocation.startedAt().atZone(zone)), invocation.function(), invocation.trigger(),
                invocation.batchSize(), invocation.duration().toMillis(), invocation.outcome());
        if (!colours) {
            return line;
        }
        String colour = switch (invocation.outcome()) {
            case "ok" -> GREEN;
            case "partial" -> YELLOW;
            default -> RED;
        };
        int split = line.lastIndexOf(' ') + 1;
        return DIM + line.substring(0, 13) + RESET + line.substring(13, split) + colour + line.substring(split) + RESET;
    }

    /** A message from the runtime itself (hot reload, redrive), always shown. */
    public void notice(String message) {
        out.println(colours ? YELLOW + message + RESET : message);
    }

    /**
     * Where the functions' {@code context.getLogger()} lines go: all of them normally, only
     * warnings and errors (structured lines with such a level) when quiet.
     */
    public LambdaLogger functionLogs() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                if (verbosity != Verbosity.QUIET || message.contains("\"level\":\"ERROR\"") || message.contains("\"level\":\"WARN")) {
                    out.print(message);
                }
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
