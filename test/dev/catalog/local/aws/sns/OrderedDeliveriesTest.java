package dev.catalog.local.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedDeliveriesTest {

    @Test
    void sendsInReservationOrderWhateverOrderTheyArePreparedIn() {
        List<String> sent = new ArrayList<>();
        OrderedDeliveries<String> deliveries = new OrderedDeliveries<>(sent::addAll);
        var first = deliveries.reserve();
        var second = deliveries.reserve();
        var third = deliveries.reserve();

        deliveries.prepare(third, Optional.of("c"));
        deliveries.sendReady();
        deliveries.prepare(second, Optional.of("b"));
        deliveries.sendReady();
        assertEquals(List.of(), sent, "nothing may overtake the first place while it is being prepared");

        deliveries.prepare(first, Optional.of("a"));
        deliveries.sendReady();
        assertEquals(List.of("a", "b", "c"), sent);
    }

    @Test
    void awaitingAllSentWaitsForEveryPlaceReservedSoFarEvenWhileAnotherThreadSendsIt() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OrderedDeliveries<String> deliveries = new OrderedDeliveries<>(batch -> {
            sending.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.addAll(batch);
        });
        deliveries.awaitAllSent(); // nothing reserved yet: returns at once
        var first = deliveries.reserve();
        var second = deliveries.reserve();
        deliveries.prepare(first, Optional.of("a"));
        deliveries.prepare(second, Optional.of("b"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            threads.submit(deliveries::sendReady);
            assertTrue(sending.await(5, TimeUnit.SECONDS));
            Future<?> waiter = threads.submit(deliveries::awaitAllSent);
            Thread.sleep(50);
            assertFalse(waiter.isDone(), "still sending: the wait must not be over");

            release.countDown();
            waiter.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("a", "b"), sent);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aPlaceWithNothingToSendDoesNotHoldUpTheLine() {
        List<String> sent = new ArrayList<>();
        OrderedDeliveries<String> deliveries = new OrderedDeliveries<>(sent::addAll);
        var skipped = deliveries.reserve();
        var next = deliveries.reserve();
        deliveries.prepare(next, Optional.of("next"));

        deliveries.prepare(skipped, Optional.empty());
        deliveries.sendReady();

        assertEquals(List.of("next"), sent);
        skipped.awaitSent();
        next.awaitSent();
    }

    @Test
    void concurrentPublishersSeeTheirOwnDeliveriesSentBeforeTheyReturnAndTheOrderHolds() throws Exception {
        List<Integer> sent = new CopyOnWriteArrayList<>();
        List<Integer> sendSizes = new CopyOnWriteArrayList<>();
        OrderedDeliveries<Integer> deliveries = new OrderedDeliveries<>(run -> {
            sendSizes.add(run.size());
            sent.addAll(run);
        });
        int publishers = 8;
        int perPublisher = 250;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CountDownLatch start = new CountDownLatch(1);
        Object topicLock = new Object();
        int[] nextNumber = {0};
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        OrderedDeliveries.Place<Integer> place;
                        int number;
                        synchronized (topicLock) {
                            number = nextNumber[0]++;
                            place = deliveries.reserve();
                        }
                        deliveries.prepare(place, Optional.of(number));
                        deliveries.sendReady();
                        place.awaitSent();
                        assertTrue(sent.contains(number), "returned before its delivery was sent: " + number);
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
        assertEquals(IntStream.range(0, publishers * perPublisher).boxed().toList(), sent);
        assertEquals(publishers * perPublisher, sendSizes.stream().mapToInt(Integer::intValue).sum());
    }
}
