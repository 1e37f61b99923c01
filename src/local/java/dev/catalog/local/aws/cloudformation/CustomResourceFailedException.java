package dev.catalog.local.aws.cloudformation;

/** A custom resource could not be created: CloudFormation would roll the stack back, the runtime does not start. */
public final class CustomResourceFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CustomResourceFailedException(String logicalId, String type, String problem) {
        super("custom resource " + logicalId + " (" + type + ") failed: " + problem);
    }
}
