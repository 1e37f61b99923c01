package dev.catalog.local.aws.sns;

/** A filter policy SNS would refuse; the message says why, as SNS's own error does. */
public class InvalidFilterPolicyException extends IllegalArgumentException {

    public InvalidFilterPolicyException(String message) {
        super(message);
    }
}
