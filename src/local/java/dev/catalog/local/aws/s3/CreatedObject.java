package dev.catalog.local.aws.s3;

/**
 * An object that appeared in a local bucket, with what an S3 event record reports of it.
 *
 * @param eventName as in S3 events, e.g. {@code ObjectCreated:Put}
 */
public record CreatedObject(String bucket, String key, long size, String eTag, String eventName) {
}
