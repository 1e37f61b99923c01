package dev.catalog.local.harness.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How much the heap of this JVM grows while one piece of work runs on the calling thread, measured
 * against the live heap after a full collection just before it. Two figures, because used heap
 * alone mixes what the code holds with garbage no collector has looked at yet:
 * <ul>
 * <li>peak used: the highest used heap seen (sampled every millisecond, plus the exact level at
 * which each collection started) — an upper bound on what the work needed;
 * <li>live after GC: the highest heap left after a collection during the work — what the work
 * still held at those moments; without any collection during the work it is the peak used.
 * </ul>
 * Allocation is counted on the calling thread only: the code under test must run there.
 */
final class HeapWatch {
    /** What one run did to the heap; byte figures are growths over the baseline. */
    record Growth(long peakUsedBytes, long liveAfterGcBytes, int collections, long allocatedBytes) {
        /** The figure a bound on retained memory is judged on: live after GC when there was a collection, else peak used. */
        long retainedBytes() {
            return collections > 0 ? liveAfterGcBytes : peakUsedBytes;
        }

        String describe() {
            String live = collections > 0
                    ? String.format("live after GC %+.1f MiB (%d GCs)", mib(liveAfterGcBytes), collections)
                    : "no GC during the run";
            return String.format("peak used %+.1f MiB (incl. garbage), %s, allocated %.1f MiB", mib(peakUsedBytes), live,
                    mib(allocatedBytes));
        }
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());

    private final long baseline;
    private final long allocatedAtStart;
    private final Map<String, Long> collectionsAtStart = new HashMap<>();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger collectionsSeen = new AtomicInteger();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final NotificationListener listener = this::onCollection;
    private final Thread sampler;

    private HeapWatch() {
        System.gc();
        System.gc();
        baseline = MEMORY.getHeapMemoryUsage().getUsed();
        peakUsed.set(baseline);
        for (GarbageCollectorMXBean collector : collectors()) {
            collectionsAtStart.put(collector.getName(), collector.getCollectionCount());
            ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
        }
        sampler = new Thread(() -> {
            while (sampling.get()) {
                peakUsed.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
        allocatedAtStart = allocatedByThisThread();
    }

    /** Collects fully, takes the baseline and starts watching; call {@link #stop()} on the same thread. */
    static HeapWatch start() {
        return new HeapWatch();
    }

    Growth stop() throws InterruptedException {
        long allocated = allocatedByThisThread() - allocatedAtStart;
        sampling.set(false);
        sampler.join();
        // Notifications arrive on a service thread: wait until every collection of the run has reported.
        long expected = collectors().stream().mapToLong(c -> c.getCollectionCount() - collectionsAtStart.get(c.getName())).sum();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (collectionsSeen.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (GarbageCollectorMXBean collector : collectors()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // never registered on this one: nothing to undo
            }
        }
        int collections = collectionsSeen.get();
        long peak = peakUsed.get() - baseline;
        long live = collections > 0 ? peakAfterGc.get() - baseline : peak;
        return new Growth(peak, live, collections, allocated);
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        Long before = collectionsAtStart.get(info.getGcName());
        // A collection's id is its collector's running count: ids up to the baseline's are the baseline's own.
        if (before == null || info.getGcInfo().getId() <= before) {
            return;
        }
        peakUsed.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        peakAfterGc.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        collectionsSeen.incrementAndGet();
    }

    private static long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(pool -> HEAP_POOLS.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
    }

    private static List<GarbageCollectorMXBean> collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans();
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static double mib(long bytes) {
        return bytes / 1_048_576.0;
    }
}
