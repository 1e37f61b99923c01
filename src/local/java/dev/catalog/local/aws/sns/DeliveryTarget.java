package dev.catalog.local.aws.sns;

/** Receives notifications for a protocol the SNS endpoint does not deliver itself, such as {@code lambda}. */
@FunctionalInterface
public interface DeliveryTarget {

    void deliver(Delivery delivery);
}
