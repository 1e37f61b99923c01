package dev.catalog.product;

/** A decided change: the product as it is after the command, and the event announcing it. */
public record ProductChange(Product product, ProductEventType eventType) {
}
