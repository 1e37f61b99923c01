package dev.catalog.local.runtime.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import dev.catalog.config.CatalogSettings;
import dev.catalog.config.FunctionEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LocalFunctionTest {

    /** Keeps state per instance, as a handler with one database connection per container does. */
    public static final class ContainerStateHandler {
        static final Map<ContainerStateHandler, Boolean> BUILT = new ConcurrentHashMap<>();
        private final AtomicBoolean inUse = new AtomicBoolean();

        private ContainerStateHandler(FunctionEnvironment environment) {
            BUILT.put(this, true);
        }

        /** How the local runtime builds it. */
        public static ContainerStateHandler from(FunctionEnvironment environment) {
            return new ContainerStateHandler(environment);
        }

        public String handleRequest(String event, Context context) throws InterruptedException {
            if (!inUse.compareAndSet(false, true)) {
                throw new IllegalStateException("two invocations share one instance");
            }
            try {
                Thread.sleep(2); // long enough for invocations to overlap
                return event;
            } finally {
                inUse.set(false);
            }
        }
    }

    @Test
    void concurrentInvocationsNeverShareAHandlerInstanceAndIdleInstancesAreReused() throws Exception {
        ContainerStateHandler.BUILT.clear();
        List<Invocation> recorded = new CopyOnWriteArrayList<>();
        LocalFunction function = LocalFunction.load("stateful", ContainerStateHandler.class.getName() + "::handleRequest",
                new FunctionEnvironment(CatalogSettings.from(Map.of("CATALOG_STAGE", "test")), null, Clock.systemUTC()), Duration.ofSeconds(5), 128,
                getClass().getClassLoader(), recorded::add);
        int callers = 6;
        int perCaller = 40;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perCaller; i++) {
                        function.invoke("test", 1, "event");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(callers * perCaller, recorded.stream().filter(invocation -> invocation.outcome().equals("ok")).count());
        int instances = ContainerStateHandler.BUILT.size();
        assertTrue(instances > 1 && instances <= callers, "instances built: " + instances);
    }
}
