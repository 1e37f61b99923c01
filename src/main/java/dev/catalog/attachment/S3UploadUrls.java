package dev.catalog.attachment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** {@link UploadUrls} signed with SigV4 by the SDK's presigner for one bucket. */
public final class S3UploadUrls implements UploadUrls {
    private final S3Presigner presigner;
    private final String bucket;
    private final Clock clock;

    public S3UploadUrls(S3Presigner presigner, String bucket, Clock clock) {
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
            Duration validFor) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(validFor)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)
                        .metadata(metadata)));
        // What the SDK signed is what the client must send; host is set by every HTTP client itself.
        Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !values.isEmpty()) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
            }
        });
        return new PresignedUpload(URI.create(presigned.url().toString()), headers,
                presigned.expiration() == null ? clock.instant().plus(validFor) : presigned.expiration());
    }

    @Override
    public URI presignGet(String key, Duration validFor) {
        return URI.create(presigner.presignGetObject(request -> request.signatureDuration(validFor)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString());
    }
}
