package dev.catalog.metrics;

/** The metrics of the catalog (ARCHITECTURE.md section 7), each with the CloudWatch unit it is recorded in. */
public enum Metric {
    COMMANDS_ACCEPTED("CommandsAccepted", Unit.COUNT),
    COMMANDS_SUCCEEDED("CommandsSucceeded", Unit.COUNT),
    COMMANDS_FAILED("CommandsFailed", Unit.COUNT),
    /** From the moment the API accepted a command to the moment its reply says it completed. */
    COMMAND_LATENCY("CommandLatency", Unit.MILLISECONDS),
    ATTACHMENTS_STORED("AttachmentsStored", Unit.COUNT),
    ATTACHMENTS_REJECTED("AttachmentsRejected", Unit.COUNT),
    /** The size of each stored attachment, one sample per upload. */
    ATTACHMENT_BYTES("AttachmentBytes", Unit.BYTES),
    /** The data rows of an import file read, accepted and rejected alike (the reply has the split). */
    IMPORT_ROWS("ImportRows", Unit.COUNT),
    /** A message that changed nothing because it had been handled before (redelivery, duplicate publish). */
    DUPLICATE_DELIVERIES("DuplicateDeliveries", Unit.COUNT);

    /** CloudWatch's names for the units used here. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), BYTES("Bytes");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The name CloudWatch shows. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** Counts are summed when aggregated; other units keep every sample (CloudWatch computes the statistics). */
    public boolean isCount() {
        return unit == Unit.COUNT;
    }
}
