package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.runtime.functions.Invocation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-stage figures from recorded invocations, and the choice of the limiting stage. */
class StageReportTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static Invocation run(String function, String trigger, int batch, long startMillis, long durationMillis) {
        return new Invocation(function, trigger, batch, T0.plusMillis(startMillis), Duration.ofMillis(durationMillis), "ok", "r", null);
    }

    @Test
    void overlappingInvocationsSetThePeakParallelism() {
        List<Invocation> invocations = List.of(run("f", "httpApi", 1, 0, 100), run("f", "httpApi", 1, 50, 100),
                run("f", "httpApi", 1, 60, 10), run("f", "httpApi", 1, 200, 10));

        assertEquals(3, StageReport.peakParallel(invocations));
    }

    @Test
    void backToBackInvocationsDoNotOverlap() {
        assertEquals(1, StageReport.peakParallel(List.of(run("f", "sqs", 10, 0, 100), run("f", "sqs", 10, 100, 100))));
    }

    @Test
    void aStageBusyAllTheRunAtOneInvocationIsFullyUtilised() {
        // 10 s run, 1,000 commands: the worker is busy 9 s on 100 batches; the API 2 s spread over 4 parallel slots.
        List<Invocation> invocations = new java.util.ArrayList<>();
        for (int batch = 0; batch < 100; batch++) {
            invocations.add(run("productWorker", "sqs", 10, batch * 100L, 90));
        }
        for (int call = 0; call < 1000; call++) {
            invocations.add(run("createProduct", "httpApi", 1, (call / 4) * 10L, 2));
        }

        List<StageReport.Stage> stages = StageReport.stages(invocations, 10, 1000);

        StageReport.Stage worker = stages.get(0);
        assertEquals("productWorker", worker.function());
        assertEquals(1000, worker.records());
        assertEquals(10, worker.averageBatch(), 1e-9);
        assertEquals(9, worker.busySeconds(), 1e-9);
        assertEquals(0.9, worker.utilisation(), 1e-9);
        assertEquals(1000 / 9.0, worker.capacity(), 1e-9);
        StageReport.Stage api = stages.get(1);
        assertEquals(4, api.peakParallel());
        assertEquals(2.0 / (10 * 4), api.utilisation(), 1e-9);
        assertEquals("productWorker", StageReport.limiting(stages, 1000).orElseThrow().function());
    }

    @Test
    void aStageThatSawFewRecordsIsNotTheLimitingOne() {
        List<Invocation> invocations = List.of(run("outboxSweeper", "schedule", 1, 0, 9_000), run("productWorker", "sqs", 100, 0, 1_000));

        assertEquals("productWorker", StageReport.limiting(StageReport.stages(invocations, 10, 100), 100).orElseThrow().function());
    }

    @Test
    void theSparklineScalesToThePeak() {
        List<QueueDepthSampler.Depth> depths = List.of(new QueueDepthSampler.Depth(0, 0, 0), new QueueDepthSampler.Depth(500, 4, 0),
                new QueueDepthSampler.Depth(1000, 8, 0), new QueueDepthSampler.Depth(1500, 0, 0));

        String line = StageReport.sparkline(depths, 40);

        assertEquals(4, line.length());
        assertEquals(' ', line.charAt(0));
        assertEquals('█', line.charAt(2));
        assertTrue(line.charAt(1) != ' ' && line.charAt(1) != '█');
    }
}
