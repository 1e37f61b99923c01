package dev.catalog.local.runtime.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.catalog.metrics.EmfMetrics;
import dev.catalog.metrics.InMemoryMetrics;
import dev.catalog.metrics.Metric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lambda runtime tier reads back what the functions' EMF sink writes, as CloudWatch would. */
class EmbeddedMetricLinesTest {

    @Test
    void readsTheEmfSinksDocumentsBackIntoMetrics() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EmfMetrics emf = new EmfMetrics("dev", new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
        emf.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);
        emf.record(Metric.COMMANDS_ACCEPTED, "product.create", 1);
        emf.record(Metric.COMMAND_LATENCY, "product.update", 120);
        emf.record(Metric.COMMAND_LATENCY, "product.update", 80);
        emf.record(Metric.IMPORT_ROWS, null, 7);
        emf.flush();
        InMemoryMetrics read = new InMemoryMetrics();
        EmbeddedMetricLines lines = new EmbeddedMetricLines(read);

        printed.toString(StandardCharsets.UTF_8).lines().forEach(lines);
        lines.accept("{\"level\":\"INFO\",\"message\":\"accepted command\"}");
        lines.accept("not json at all");

        assertEquals(2.0, read.total(Metric.COMMANDS_ACCEPTED, "product.create"));
        assertEquals(List.of(120.0, 80.0), read.values(Metric.COMMAND_LATENCY));
        assertEquals(7.0, read.total(Metric.IMPORT_ROWS, null));
        assertEquals(4, read.samples().size(), "one sample per value the sink wrote (counts summed), nothing from other lines");
    }
}
