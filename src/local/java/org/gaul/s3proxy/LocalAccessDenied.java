package org.gaul.s3proxy;

/**
 * S3Proxy's own {@code AccessDenied} error with a message of ours (naming principal, action and
 * resource, as S3 does): its exception's constructors are package-private, and S3Proxy renders an
 * {@link S3Exception} thrown by a blob store as S3's XML error document with that message.
 */
public final class LocalAccessDenied {
    private LocalAccessDenied() {
    }

    public static Exception because(String message) {
        return new S3Exception(S3ErrorCode.ACCESS_DENIED, message);
    }
}
