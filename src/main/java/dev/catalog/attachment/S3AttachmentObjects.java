package dev.catalog.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link AttachmentObjects} in one S3 bucket. */
public final class S3AttachmentObjects implements AttachmentObjects {
    private static final int HTTP_NOT_FOUND = 404;
    private static final int HTTP_PRECONDITION_FAILED = 412;
    private final S3Client s3;
    private final String bucket;

    public S3AttachmentObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public Optional<StoredObject> open(String key) {
        try {
            ResponseInputStream<GetObjectResponse> stream = s3.getObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new S3StoredObject(stream));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new AttachmentStorageException("could not read an incoming object", e);
        }
    }

    @Override
    public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
        // CopyObject handles up to 5 GiB, far above any attachment limit; larger would need UploadPartCopy.
        try {
            s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(fromKey).copySourceIfMatch(eTag)
                    .destinationBucket(bucket).destinationKey(toKey));
        } catch (S3Exception e) {
            if (e.statusCode() == HTTP_PRECONDITION_FAILED || isMissingKey(e)) {
                throw new ObjectChangedException("the source object was overwritten or removed after it was read", e);
            }
            throw new AttachmentStorageException("could not copy an object", e);
        } catch (SdkException e) {
            throw new AttachmentStorageException("could not copy an object", e);
        }
    }

    /** A copy whose source is gone answers 404 NoSuchKey; a missing bucket is a wiring fault, not a change. */
    private static boolean isMissingKey(S3Exception e) {
        return e.statusCode() == HTTP_NOT_FOUND && e.awsErrorDetails() != null && "NoSuchKey".equals(e.awsErrorDetails().errorCode());
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new AttachmentStorageException("could not delete an object", e);
        }
    }

    private record S3StoredObject(ResponseInputStream<GetObjectResponse> stream) implements StoredObject {
        @Override
        public String eTag() {
            return stream.response().eTag();
        }

        @Override
        public String contentType() {
            return stream.response().contentType();
        }

        @Override
        public long contentLength() {
            Long length = stream.response().contentLength();
            return length == null ? -1 : length;
        }

        @Override
        public Map<String, String> metadata() {
            return stream.response().hasMetadata() ? stream.response().metadata() : Map.of();
        }

        @Override
        public InputStream content() {
            return stream;
        }

        @Override
        public void close() {
            // Abort drops the connection rather than reading the rest of a large object we rejected.
            stream.abort();
            try {
                stream.close();
            } catch (IOException e) {
                // nothing was written through it; the connection is discarded either way
            }
        }
    }
}
