package dev.catalog.testsupport;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a handler logged, so tests can check that logs carry ids and never payloads. */
public final class RecordingLogger implements LambdaLogger {
    private final List<String> lines = new ArrayList<>();

    @Override
    public void log(String message) {
        lines.add(message);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }

    /** Each logged message, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String all() {
        return String.join("", lines);
    }
}
