package dev.catalog.messaging;

/** SNS message attribute names every publisher sets, so subscriptions can filter on them. */
public final class MessageAttributeNames {
    /** Command, event or reply type, e.g. {@code product.create}. */
    public static final String TYPE = "type";
    /** The subject of the actor who issued the command. */
    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    /** On replies: {@code SUCCEEDED} or {@code FAILED}. */
    public static final String STATUS = "status";

    private MessageAttributeNames() {
    }
}
