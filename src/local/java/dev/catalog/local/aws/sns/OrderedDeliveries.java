package dev.catalog.local.aws.sns;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A topic's deliveries in the order the topic accepted its messages. A publisher reserves its
 * places while it holds the topic's lock (that is what fixes the order) and prepares its messages
 * afterwards, in parallel with other publishers (signing an envelope is the expensive part); a
 * delivery thread then sends every prepared delivery at the head of the line in as few requests
 * as possible. Under load that batches deliveries across concurrent Publish calls while a FIFO
 * queue still receives them in sequence-number order.
 *
 * @param <T> what is sent for one delivery
 */
final class OrderedDeliveries<T> {
    /** How many ready deliveries one sender takes at a time. */
    private static final int MAX_RUN = 100;

    private final Deque<Place<T>> line = new ArrayDeque<>();
    /** Places complete in line order, so once the newest is done every earlier one is too. */
    private volatile Place<T> newest;
    private final ReentrantLock sending = new ReentrantLock();
    private final Consumer<List<T>> sender;

    /** @param sender sends deliveries in the order given; a failure is its to report, never thrown */
    OrderedDeliveries(Consumer<List<T>> sender) {
        this.sender = sender;
    }

    /** One reserved delivery: empty until prepared, done once sent (or found to have nothing to send). */
    static final class Place<T> {
        private volatile boolean prepared;
        private volatile Optional<T> delivery = Optional.empty();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        /** Waits until this delivery has been handed to the sender. */
        void awaitSent() {
            done.join();
        }
    }

    /** Takes the next place in line; the caller must {@link #prepare} it, or the line stops behind it. */
    synchronized Place<T> reserve() {
        Place<T> place = new Place<>();
        line.addLast(place);
        newest = place;
        return place;
    }

    /** Waits until every delivery reserved so far has been sent. */
    void awaitAllSent() {
        Place<T> last = newest;
        if (last != null) {
            last.awaitSent();
        }
    }

    /** Fills a reserved place (empty: nothing to send); {@link #sendReady} then sends it in its turn. */
    void prepare(Place<T> place, Optional<T> delivery) {
        place.delivery = delivery;
        place.prepared = true;
    }

    /**
     * Sends everything prepared at the head of the line, unless another thread is sending: that
     * thread looks at the head again when it is done, so nothing prepared is left behind.
     */
    void sendReady() {
        while (true) {
            if (!sending.tryLock()) {
                return;
            }
            try {
                List<Place<T>> run;
                while (!(run = takeReadyRun()).isEmpty()) {
                    send(run);
                }
            } finally {
                sending.unlock();
            }
            synchronized (this) {
                if (line.isEmpty() || !line.peekFirst().prepared) {
                    return;
                }
            }
        }
    }

    private synchronized List<Place<T>> takeReadyRun() {
        List<Place<T>> run = new ArrayList<>();
        while (run.size() < MAX_RUN && !line.isEmpty() && line.peekFirst().prepared) {
            run.add(line.pollFirst());
        }
        return run;
    }

    private void send(List<Place<T>> run) {
        List<T> deliveries = new ArrayList<>();
        run.forEach(place -> place.delivery.ifPresent(deliveries::add));
        try {
            if (!deliveries.isEmpty()) {
                sender.accept(deliveries);
            }
        } finally {
            run.forEach(place -> place.done.complete(null));
        }
    }
}
