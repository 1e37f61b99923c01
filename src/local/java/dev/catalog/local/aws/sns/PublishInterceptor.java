package dev.catalog.local.aws.sns;

import java.util.List;

/**
 * Stands between the SNS endpoint's Publish and PublishBatch actions and {@link LocalSns}. By
 * default it passes every call straight through; the fault suite puts failures, duplicates and
 * late deliveries here, where clients meet them exactly as they would meet them from SNS.
 */
public interface PublishInterceptor {

    /** Every call goes to {@link LocalSns} unchanged. */
    PublishInterceptor NONE = new PublishInterceptor() {
        @Override
        public PublishResult publish(PublishRequest request, LocalSns sns) {
            return sns.publish(request);
        }

        @Override
        public BatchResult publishBatch(String topicArn, List<BatchEntry> entries, LocalSns sns) {
            return sns.publishBatch(topicArn, entries);
        }
    };

    /**
     * @throws SnsException what the endpoint answers instead (a 5xx code makes SDK clients retry)
     */
    PublishResult publish(PublishRequest request, LocalSns sns);

    /**
     * @throws SnsException what the endpoint answers instead of the batch result
     */
    BatchResult publishBatch(String topicArn, List<BatchEntry> entries, LocalSns sns);
}
