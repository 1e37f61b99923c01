package dev.catalog.local.aws.sns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishThrottleTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void letsASecondsWorthThroughAtOnceThenRefillsAtTheRate() {
        PublishThrottle throttle = new PublishThrottle(20, nanos::get);

        assertTrue(throttle.tryTake(10));
        assertTrue(throttle.tryTake(10));
        assertFalse(throttle.tryTake(1), "the burst is one second's worth");
        nanos.addAndGet(100_000_000); // 0.1 s at 20 a second: two more
        assertTrue(throttle.tryTake(2));
        assertFalse(throttle.tryTake(1));
    }

    @Test
    void takesABatchWhollyOrNotAtAll() {
        PublishThrottle throttle = new PublishThrottle(10, nanos::get);
        assertTrue(throttle.tryTake(5));

        assertFalse(throttle.tryTake(10), "SNS throttles the whole PublishBatch request");
        assertTrue(throttle.tryTake(5), "the refused batch took nothing");
    }

    @Test
    void fitsABatchOfTenEvenBelowTenASecond() {
        assertTrue(new PublishThrottle(1, nanos::get).tryTake(10));
        assertFalse(new PublishThrottle(0, nanos::get).tryTake(1), "rate 0 publishes nothing");
        assertThrows(IllegalArgumentException.class, () -> new PublishThrottle(-1, nanos::get));
    }
}
