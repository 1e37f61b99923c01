package dev.catalog.local.harness.bench;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.catalog.metrics.EmfMetrics;
import dev.catalog.metrics.Metric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the functions would send to CloudWatch Logs on AWS. Locally the functions record metrics
 * in memory, so the EMF lines are estimated: their size is measured by rendering representative
 * documents with the functions' own {@link EmfMetrics}, and their number bounded from the
 * invocations (one line per command type an invocation recorded). The functions' own log lines are
 * counted as they are written; Lambda's START/END/REPORT lines are sized from their format.
 */
final class LogVolumeEstimate {
    /** Command types a batch can mix: create, update and delete. */
    static final int COMMAND_TYPES = 3;

    /** Bytes of one EMF line as the API functions print it (one command type, CommandsAccepted). */
    final long acceptedLineBytes;
    /** Bytes of one EMF line of the status writer with one reply (CommandsSucceeded and one CommandLatency value). */
    final long statusLineBytes;
    /** Bytes each further CommandLatency value adds to a status writer line. */
    final long extraLatencyValueBytes;

    private LogVolumeEstimate(long acceptedLineBytes, long statusLineBytes, long extraLatencyValueBytes) {
        this.acceptedLineBytes = acceptedLineBytes;
        this.statusLineBytes = statusLineBytes;
        this.extraLatencyValueBytes = extraLatencyValueBytes;
    }

    /** Renders the lines the functions would print for the stage. */
    static LogVolumeEstimate measure(String stage) {
        long accepted = render(stage, metrics -> metrics.record(Metric.COMMANDS_ACCEPTED, "product.update", 1));
        long oneReply = render(stage, metrics -> {
            metrics.record(Metric.COMMANDS_SUCCEEDED, "product.update", 1);
            metrics.record(Metric.COMMAND_LATENCY, "product.update", 850);
        });
        long tenReplies = render(stage, metrics -> {
            for (int reply = 0; reply < 10; reply++) {
                metrics.record(Metric.COMMANDS_SUCCEEDED, "product.update", 1);
                metrics.record(Metric.COMMAND_LATENCY, "product.update", 850 + reply * 37);
            }
        });
        return new LogVolumeEstimate(accepted, oneReply, Math.max(0, (tenReplies - oneReply) / 9));
    }

    /**
     * EMF lines and bytes: one line per single-route command, one per command type of each bulk
     * request, and for each status-writer invocation one line per command type among its replies
     * (at most three; an upper bound, as the invocations do not say which types they saw).
     */
    long[] emfLinesAndBytes(long singleRouteCommands, List<Integer> bulkCommandTypes, List<Integer> statusWriterBatchSizes) {
        long lines = singleRouteCommands;
        long bytes = singleRouteCommands * acceptedLineBytes;
        for (int types : bulkCommandTypes) {
            lines += types;
            bytes += types * acceptedLineBytes;
        }
        for (int batch : statusWriterBatchSizes) {
            int batchLines = Math.min(batch, COMMAND_TYPES);
            lines += batchLines;
            bytes += batchLines * statusLineBytes + (long) (batch - batchLines) * extraLatencyValueBytes;
        }
        return new long[] {lines, bytes};
    }

    /** START, END and REPORT as Lambda prints them for one warm invocation. */
    static long platformBytesPerInvocation() {
        String requestId = new UUID(0x1234_5678_9abc_def0L, 0x0fed_cba9_8765_4321L).toString();
        String lines = "START RequestId: " + requestId + " Version: $LATEST\n"
                + "END RequestId: " + requestId + "\n"
                + "REPORT RequestId: " + requestId + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\t"
                + "Max Memory Used: 187 MB\t\n";
        return lines.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long render(String stage, java.util.function.Consumer<EmfMetrics> recording) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmfMetrics metrics = new EmfMetrics(stage, new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-21T10:15:30.123Z"), ZoneOffset.UTC));
        recording.accept(metrics);
        metrics.flush();
        return out.size();
    }

    /**
     * Stands in for the functions' log destination: counts the bytes they log (what CloudWatch Logs
     * would ingest) and passes error lines on, so failures stay visible while the console is quiet.
     */
    static final class CountingLogger implements LambdaLogger {
        private final LongAdder bytes = new LongAdder();
        private final LongAdder lines = new LongAdder();
        private final PrintStream errors;

        CountingLogger(PrintStream errors) {
            this.errors = errors;
        }

        @Override
        public void log(String message) {
            bytes.add(message.getBytes(StandardCharsets.UTF_8).length);
            lines.increment();
            if (message.contains("\"level\":\"ERROR\"")) {
                errors.print(message.endsWith("\n") ? message : message + "\n");
            }
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        long bytes() {
            return bytes.sum();
        }

        long lines() {
            return lines.sum();
        }

        void reset() {
            bytes.reset();
            lines.reset();
        }
    }
}
