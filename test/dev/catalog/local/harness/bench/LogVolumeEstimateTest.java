package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sizing the CloudWatch Logs the functions would produce on AWS. */
class LogVolumeEstimateTest {

    @Test
    void emfLinesAreMeasuredFromTheFunctionsOwnSink() {
        LogVolumeEstimate estimate = LogVolumeEstimate.measure("dev");

        assertTrue(estimate.acceptedLineBytes > 100 && estimate.acceptedLineBytes < 1000, "one short JSON line: " + estimate.acceptedLineBytes);
        assertTrue(estimate.statusLineBytes > estimate.acceptedLineBytes, "a status line also carries a latency");
        assertTrue(estimate.extraLatencyValueBytes > 0 && estimate.extraLatencyValueBytes < 20);
    }

    @Test
    void linesAreOnePerSingleCommandOnePerBulkTypeAndUpToThreePerStatusBatch() {
        LogVolumeEstimate estimate = LogVolumeEstimate.measure("dev");

        long[] linesAndBytes = estimate.emfLinesAndBytes(100, List.of(1, 3), List.of(10, 2));

        assertEquals(100 + 4 + 3 + 2, linesAndBytes[0]);
        long expectedBytes = 104 * estimate.acceptedLineBytes + 5 * estimate.statusLineBytes + 7 * estimate.extraLatencyValueBytes;
        assertEquals(expectedBytes, linesAndBytes[1]);
    }

    @Test
    void platformLinesAreAFewHundredBytesPerInvocation() {
        long bytes = LogVolumeEstimate.platformBytesPerInvocation();

        assertTrue(bytes > 150 && bytes < 400, bytes + " bytes");
    }

    @Test
    void theCountingLoggerCountsBytesAndLines() {
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        LogVolumeEstimate.CountingLogger logger = new LogVolumeEstimate.CountingLogger(new java.io.PrintStream(errors, true));

        String info = "{\"level\":\"INFO\",\"message\":\"é\"}\n";
        String error = "{\"level\":\"ERROR\",\"message\":\"x\"}";
        logger.log(info);
        logger.log(error);

        assertEquals(2, logger.lines());
        assertEquals(info.length() + 1 + error.length(), logger.bytes(), "é takes two bytes in UTF-8");
        assertTrue(errors.toString().contains("ERROR"), "errors stay visible");
        assertTrue(!errors.toString().contains("INFO"));
    }
}
