package dev.catalog.local.devtools;

import dev.catalog.local.runtime.provision.BucketNotification;
import java.util.List;
import java.util.Map;

/**
 * How the runtime connected the functions to their events, for the status page.
 *
 * @param routes route key ({@code POST /v1/products}) to function
 * @param queueConsumers queue name to the functions polling it
 * @param schedules function to its rate expression
 * @param bucketNotifications every S3 notification (to queues, topics and functions)
 */
public record Wiring(Map<String, String> routes, Map<String, List<String>> queueConsumers, Map<String, String> schedules,
                     List<BucketNotification> bucketNotifications) {
    public Wiring {
        routes = Map.copyOf(routes);
        queueConsumers = Map.copyOf(queueConsumers);
        schedules = Map.copyOf(schedules);
        bucketNotifications = List.copyOf(bucketNotifications);
    }
}
