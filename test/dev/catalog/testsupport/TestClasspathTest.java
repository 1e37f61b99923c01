package dev.catalog.testsupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test classpath itself: libraries the suites rely on see the versions they were built for. */
class TestClasspathTest {

    @Test
    void awaitilityPredicateConditionsSurviveAPollThatDoesNotMatchYet() {
        AtomicInteger polls = new AtomicInteger();

        // Describing the first miss needs hamcrest 2; an older hamcrest-core first on the classpath throws NoSuchMethodError.
        int matched = await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(polls::incrementAndGet, count -> count >= 3);

        assertEquals(3, matched);
    }
}
