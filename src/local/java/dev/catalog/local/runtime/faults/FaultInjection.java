package dev.catalog.local.runtime.faults;

import dev.catalog.local.aws.sns.PublishInterceptor;
import java.io.IOException;
import java.util.List;

/**
 * The one way failures reach the running pipeline: a test or the chaos suite gives an
 * implementation in the runtime's options, and the runtime asks it at each point where AWS or a
 * Lambda container could fail. The runtime knows nothing of who injects or why; {@link #NONE},
 * the default, injects nothing.
 */
public interface FaultInjection {

    /** Injects nothing: every batch is delivered and deleted, SNS passes every publish, nobody stops the database. */
    FaultInjection NONE = new FaultInjection() {
    };

    /**
     * Asked before {@code function} receives an SQS batch with these message bodies: true makes the
     * invocation fail as a function with a bug would, and the batch returns to its queue.
     */
    default boolean failsBatch(String function, List<String> bodies) {
        return false;
    }

    /**
     * Asked after a batch of {@code function} succeeded: true loses its delete, as when the
     * function's container dies between its commit and Lambda's delete, so the batch is delivered again.
     */
    default boolean losesDelete(String function) {
        return false;
    }

    /** What stands between the runtime's SNS endpoint and its topics (Publish and PublishBatch). */
    default PublishInterceptor snsPublishes() {
        return PublishInterceptor.NONE;
    }

    /** Told once the Aurora stand-in runs, with the switch that takes it down and back as an outage would. */
    default void databaseStarted(DatabaseSwitch database) {
    }

    /** Stops and restarts the Aurora stand-in. */
    interface DatabaseSwitch {

        /** The functions' connections are cut and new ones refused until {@link #restart()}. */
        void stop() throws IOException;

        /** Back on the same port with the same data. */
        void restart() throws IOException;
    }
}
