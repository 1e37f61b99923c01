package dev.catalog.schema;

/** The custom resource request lacks what CloudFormation always sends, or a property the resource needs. */
final class InvalidCustomResourceRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCustomResourceRequest(String problem) {
        super(problem);
    }
}
