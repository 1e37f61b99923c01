package dev.catalog.local.aws.apigateway;

/** A handler answer API Gateway could not turn into an HTTP response, so the client gets a 500. */
final class InvalidLambdaResponseException extends RuntimeException {
    InvalidLambdaResponseException(String message) {
        super(message);
    }

    InvalidLambdaResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
