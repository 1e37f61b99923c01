package dev.catalog.local.aws.apigateway;

/** A route declaration that API Gateway would refuse to deploy, so the local runtime refuses it too. */
public final class InvalidRouteException extends IllegalArgumentException {
    public InvalidRouteException(String message) {
        super(message);
    }
}
