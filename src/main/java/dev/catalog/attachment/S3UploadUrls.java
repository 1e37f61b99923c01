package dev.catalog.attachment;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link UploadUrls} for one bucket, presigned with SigV4 at the injected clock's time.
 *
 * <p>The SDK's presigner works out where the object lives (endpoint, path- or virtual-hosted
 * style) and which headers the request must carry, but it signs at the wall clock and lets no
 * caller choose another. So its request is signed once more here, with the same presigning rules
 * as the presigner's (query-string authentication, unsigned payload, no path normalisation, single
 * URL encoding), at the time the clock gives: a URL is valid from {@code clock.instant()} for
 * {@code validFor}, whatever the clock.
 */
final class S3UploadUrls implements UploadUrls {
    /** The query parameters of a SigV4 presigned URL; the presigner's are replaced by this class's own. */
    private static final List<String> SIGNATURE_PARAMETERS = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token");

    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String bucket;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public S3UploadUrls(S3Presigner presigner, AwsCredentialsProvider credentials, Region region, String bucket, Clock clock) {
        this.presigner = presigner;
        this.credentials = credentials;
        this.region = region;
        this.bucket = bucket;
        this.clock = clock;
    }

    @Override
    public PresignedUpload presignPut(String key, String contentType, long contentLength, Map<String, String> metadata,
            Duration validFor) {
        SdkHttpRequest put = presigner.presignPutObject(request -> request
                .signatureDuration(validFor)
                .putObjectRequest(object -> object.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)
                        .metadata(metadata))).httpRequest();
        SdkHttpRequest signed = signAtClockTime(put, validFor);
        // Every header was signed and must be sent as it is; host is set by every HTTP client itself.
        Map<String, String> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return new PresignedUpload(signed.getUri(), headers, clock.instant().plus(validFor));
    }

    @Override
    public URI presignGet(String key, Duration validFor) {
        SdkHttpRequest get = presigner.presignGetObject(request -> request.signatureDuration(validFor)
                .getObjectRequest(object -> object.bucket(bucket).key(key))).httpRequest();
        return signAtClockTime(get, validFor).getUri();
    }

    private SdkHttpRequest signAtClockTime(SdkHttpRequest presigned, Duration validFor) {
        SdkHttpRequest.Builder unsigned = presigned.toBuilder();
        SIGNATURE_PARAMETERS.forEach(unsigned::removeQueryParameter);
        return signer.sign(request -> request
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validFor)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    }
}
