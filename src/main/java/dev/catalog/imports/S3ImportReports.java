package dev.catalog.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.catalog.config.FunctionEnvironment;
import dev.catalog.internal.Json;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Reports as JSON objects in the import file's bucket, beside the file. */
final class S3ImportReports implements ImportReports {
    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json;

    S3ImportReports(S3Client s3, String bucket, ObjectMapper json) {
        this.s3 = s3;
        this.bucket = bucket;
        this.json = json;
    }

    /** Beside the files in the function's documents bucket. */
    static S3ImportReports from(FunctionEnvironment environment) {
        return new S3ImportReports(environment.clients().s3(), environment.settings().requireDocumentsBucket(), Json.mapper());
    }

    @Override
    public void write(String importKey, ObjectNode report) {
        byte[] body;
        try {
            body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import report could not be written as JSON", e);
        }
        s3.putObject(request -> request.bucket(bucket).key(ImportKeys.reportKey(importKey)).contentType("application/json"),
                RequestBody.fromBytes(body));
    }
}
