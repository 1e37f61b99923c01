package dev.catalog.local.aws.sns;

/**
 * An SNS API error with the query-protocol error code the AWS SDK maps to its exception
 * classes (for example {@code NotFound} becomes {@code NotFoundException}).
 */
public class SnsException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public SnsException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public static SnsException invalidParameter(String message) {
        return new SnsException("InvalidParameter", 400, message);
    }

    public static SnsException parameterValueInvalid(String message) {
        return new SnsException("ParameterValueInvalid", 400, message);
    }

    /** What SNS answers when a publish exceeds the account's rate ({@code ThrottledException} in the SDK). */
    public static SnsException throttled(String message) {
        return new SnsException("Throttled", 429, message);
    }

    public static SnsException notFound(String message) {
        return new SnsException("NotFound", 404, message);
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** All errors this endpoint raises are caused by the request, so SNS reports them as Sender faults. */
    public boolean senderFault() {
        return httpStatus < 500;
    }
}
