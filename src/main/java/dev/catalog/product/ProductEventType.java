package dev.catalog.product;

/** The events a product change publishes; {@link #type()} is the event's {@code type} on the wire. */
enum ProductEventType {
    CREATED("product.created"),
    UPDATED("product.updated"),
    DELETED("product.deleted");

    private final String type;

    ProductEventType(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
