package dev.catalog.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.config.FunctionEnvironment;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Journal batches as objects in the documents bucket (its default encryption applies). */
final class S3JournalStore implements JournalStore {
    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json;

    /** The function's documents bucket. */
    public static S3JournalStore from(FunctionEnvironment environment, ObjectMapper json) {
        return new S3JournalStore(environment.clients().s3(), environment.settings().requireDocumentsBucket(), json);
    }

    public S3JournalStore(S3Client s3, String bucket, ObjectMapper json) {
        this.s3 = s3;
        this.bucket = bucket;
        this.json = json;
    }

    @Override
    public void write(JournalBatch batch) {
        s3.putObject(request -> request
                        .bucket(bucket)
                        .key(batch.objectKey())
                        .contentType("application/x-ndjson"),
                RequestBody.fromBytes(batch.toJsonLines(json)));
    }
}
