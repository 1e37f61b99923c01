package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuByComponentTest {
    @Test
    void namesTheComponentOfEachRuntimeThread() {
        assertEquals("SQS: ElasticMQ", CpuByComponent.componentOf("elasticmq-pekko.actor.default-dispatcher-7"));
        assertEquals("DynamoDB Local: HTTP", CpuByComponent.componentOf("qtp1402346541-61"));
        assertEquals("DynamoDB Local: SQLite", CpuByComponent.componentOf("SQLiteQueue[]"));
        assertEquals("S3: S3Proxy", CpuByComponent.componentOf("S3Proxy-Jetty-12"));
        assertEquals("SNS: the runtime's endpoint", CpuByComponent.componentOf("local-sns-http"));
        assertEquals("HTTP API and its functions", CpuByComponent.componentOf("local-http-api-3"));
        assertEquals("SQS-triggered functions and their pollers", CpuByComponent.componentOf("sqs-projector-2"));
        assertEquals(CpuByComponent.UNNAMED, CpuByComponent.componentOf("main"));
        assertEquals(CpuByComponent.UNNAMED, CpuByComponent.componentOf(null));
    }

    @Test
    void dividesTheRunsCpuBetweenComponentsAndGivesTheRestToTheJvm() {
        CpuByComponent.Snapshot before = new CpuByComponent.Snapshot(
                Map.of(1L, "elasticmq-1", 2L, "qtp9-1"), Map.of(1L, 1_000_000_000L, 2L, 500_000_000L), 2_000_000_000L, Map.of(99L, 100L));
        CpuByComponent.Snapshot after = new CpuByComponent.Snapshot(
                Map.of(1L, "elasticmq-1", 2L, "qtp9-1", 3L, "elasticmq-2"),
                Map.of(1L, 3_000_000_000L, 2L, 1_700_000_000L, 3L, 1_000_000_000L), 7_000_000_000L,
                Map.of(99L, 250_000_100L, 100L, 250_000_000L));

        Map<String, Double> seconds = CpuByComponent.between(before, after);

        assertEquals(List.of("SQS: ElasticMQ", "DynamoDB Local: HTTP", CpuByComponent.JVM, CpuByComponent.POSTGRES),
                List.copyOf(seconds.keySet()), "largest first");
        assertEquals(3.0, seconds.get("SQS: ElasticMQ"), 1e-9, "two threads, one of them new");
        assertEquals(1.2, seconds.get("DynamoDB Local: HTTP"), 1e-9);
        assertEquals(0.8, seconds.get(CpuByComponent.JVM), 1e-9, "5 s of process CPU, 4.2 s of it on named threads");
        assertEquals(0.5, seconds.get(CpuByComponent.POSTGRES), 1e-9, "a process that stayed and one that started");
    }
}
