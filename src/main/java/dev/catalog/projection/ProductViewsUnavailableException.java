package dev.catalog.projection;

/** The product views store did not answer (throttling, network, service error); retrying may help. */
public class ProductViewsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProductViewsUnavailableException(String operation, Throwable cause) {
        super("product views store failed during " + operation, cause);
    }
}
