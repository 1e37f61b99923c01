package dev.catalog.local.harness.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Samples the depth of the pipeline's queues (visible plus in-flight messages) at a fixed interval
 * while the benchmark runs: a queue that keeps growing sits in front of the stage that limits the
 * throughput. Uses its own SQS client, so its requests are not counted as the pipeline's.
 */
final class QueueDepthSampler implements AutoCloseable {
    /** One reading of a queue, {@code atMillis} after the sampler started. */
    record Depth(long atMillis, long visible, long inFlight) {
        long total() {
            return visible + inFlight;
        }
    }

    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final Duration interval;
    private final Map<String, List<Depth>> series = new LinkedHashMap<>();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;

    /** @param queueUrls queue name to URL */
    QueueDepthSampler(SqsClient sqs, Map<String, String> queueUrls, Duration interval) {
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrls);
        this.interval = interval;
        queueUrls.keySet().stream().sorted().forEach(name -> series.put(name, new ArrayList<>()));
        this.thread = new Thread(this::sampleUntilClosed, "bench-queue-depths");
        this.thread.setDaemon(true);
    }

    QueueDepthSampler start() {
        thread.start();
        return this;
    }

    private void sampleUntilClosed() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleOnce() {
        long at = (System.nanoTime() - startNanos) / 1_000_000;
        for (Map.Entry<String, String> queue : queueUrls.entrySet()) {
            try {
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queue.getValue())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                Depth depth = new Depth(at, Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                        Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
                synchronized (series) {
                    series.get(queue.getKey()).add(depth);
                }
            } catch (RuntimeException e) {
                // A missed reading leaves a gap in the series; the benchmark goes on.
            }
        }
    }

    /** Milliseconds since the sampler started: the time axis of the series. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Whether the latest reading of every queue was empty. */
    boolean allEmpty() {
        synchronized (series) {
            return series.values().stream().allMatch(depths -> !depths.isEmpty() && depths.get(depths.size() - 1).total() == 0);
        }
    }

    /** The latest total depth over all queues, -1 before the first reading. */
    long latestTotal() {
        synchronized (series) {
            long total = 0;
            for (List<Depth> depths : series.values()) {
                if (depths.isEmpty()) {
                    return -1;
                }
                total += depths.get(depths.size() - 1).total();
            }
            return total;
        }
    }

    Map<String, List<Depth>> series() {
        synchronized (series) {
            Map<String, List<Depth>> copy = new LinkedHashMap<>();
            series.forEach((name, depths) -> copy.put(name, List.copyOf(depths)));
            return copy;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
