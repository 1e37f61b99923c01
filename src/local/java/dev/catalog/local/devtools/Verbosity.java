package dev.catalog.local.devtools;

/** How much the local runtime prints: {@code --quiet}, the default, or {@code --verbose}. */
public enum Verbosity {
    /** Only failed invocations, warnings and errors, and the ready table. */
    QUIET,
    /** One line per invocation plus the functions' own log lines. */
    NORMAL,
    /** As NORMAL, plus the runtime's debug lines (pollers, deliveries, reloads). */
    VERBOSE
}
