package dev.catalog.local.harness.bench;

import java.util.Optional;
import java.util.Set;

/**
 * Who made an AWS request, as AWS would bill it: a function's code, the Lambda event-source
 * pollers (SQS requests billed to the queue owner), SNS delivering into subscribed queues, or the
 * local runtime's own housekeeping (provisioning, alarm evaluation, the live page), which has no
 * counterpart on AWS and is left out of the cost.
 */
record RequestOrigin(Kind kind, String function) {
    enum Kind {
        FUNCTION("function"),
        EVENT_SOURCE_POLLER("Lambda SQS pollers"),
        SNS_DELIVERY("SNS -> SQS deliveries"),
        RUNTIME_HOUSEKEEPING("runtime housekeeping (excluded)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final Set<String> POLLER_OPERATIONS = Set.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
            "ChangeMessageVisibility", "ChangeMessageVisibilityBatch");
    private static final Set<String> DELIVERY_OPERATIONS = Set.of("SendMessage", "SendMessageBatch");

    static final RequestOrigin POLLERS = new RequestOrigin(Kind.EVENT_SOURCE_POLLER, null);
    static final RequestOrigin SNS_DELIVERIES = new RequestOrigin(Kind.SNS_DELIVERY, null);
    static final RequestOrigin HOUSEKEEPING = new RequestOrigin(Kind.RUNTIME_HOUSEKEEPING, null);

    static RequestOrigin function(String name) {
        return new RequestOrigin(Kind.FUNCTION, name);
    }

    /**
     * A request made while a handler runs on the thread is that function's. Outside a handler the
     * only SQS clients are the runtime's: the pollers receive, delete and change visibility, and the
     * local SNS sends what a topic delivers; anything else is the runtime looking after itself.
     */
    static RequestOrigin classify(Optional<String> runningFunction, String service, String operation) {
        if (runningFunction.isPresent()) {
            return function(runningFunction.get());
        }
        if ("Sqs".equals(service) && POLLER_OPERATIONS.contains(operation)) {
            return POLLERS;
        }
        if ("Sqs".equals(service) && DELIVERY_OPERATIONS.contains(operation)) {
            return SNS_DELIVERIES;
        }
        return HOUSEKEEPING;
    }

    /** Whether AWS would bill it: everything but the runtime's housekeeping. */
    boolean billed() {
        return kind != Kind.RUNTIME_HOUSEKEEPING;
    }

    String label() {
        return kind == Kind.FUNCTION ? function : kind.label;
    }
}
