package dev.catalog.outbox;

/** The topics outbox rows are published to; {@link #column()} is the value in {@code outbox.topic}. */
public enum OutboxTopic {
    /** FIFO: rows carry a message group (the aggregate id) and a deduplication id (the event id). */
    EVENTS("events"),
    /** Standard: no group, no deduplication id on the wire. */
    REPLIES("replies");

    private final String column;

    OutboxTopic(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public static OutboxTopic fromColumn(String value) {
        for (OutboxTopic topic : values()) {
            if (topic.column.equals(value)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("unknown outbox topic " + value);
    }
}
