package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles: the smallest sample that at least p % of the samples do not exceed. */
class PercentilesTest {

    @Test
    void oneToHundredGivesTheRankItself() {
        Percentiles percentiles = Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertEquals(100, percentiles.count());
        assertEquals(50, percentiles.p50());
        assertEquals(95, percentiles.p95());
        assertEquals(99, percentiles.p99());
        assertEquals(100, percentiles.max());
    }

    @Test
    void fewSamplesRoundTheRankUp() {
        Percentiles percentiles = Percentiles.of(new long[] {30, 10, 20});

        assertEquals(20, percentiles.p50());
        assertEquals(30, percentiles.p95());
        assertEquals(30, percentiles.p99());
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        Percentiles percentiles = Percentiles.of(new long[] {7});

        assertEquals(new Percentiles(1, 7, 7, 7, 7), percentiles);
    }

    @Test
    void noSamplesGiveZeros() {
        assertEquals(Percentiles.NONE, Percentiles.of(new long[0]));
    }

    @Test
    void oneSlowOutlierInAHundredOnlyMovesTheMaximum() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> i == 100 ? 10_000 : 5).toArray();

        Percentiles percentiles = Percentiles.of(samples);

        assertEquals(5, percentiles.p99());
        assertEquals(10_000, percentiles.max());
    }

    @Test
    void theRecorderKeepsEverySampleFromManyThreads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 1; i <= 1000; i++) {
                    recorder.record(i);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(4000, recorder.count());
        assertEquals(1000, recorder.percentiles().max());
        assertEquals(500, recorder.percentiles().p50());
    }
}
