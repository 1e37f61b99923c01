package dev.catalog.local.aws.sns;

import java.util.List;

/** PublishBatch's answer: which entries were published and which failed, with why. */
public record BatchResult(List<Success> successful, List<Failure> failed) {

    public BatchResult {
        successful = List.copyOf(successful);
        failed = List.copyOf(failed);
    }

    public record Success(String id, String messageId, String sequenceNumber) {}

    public record Failure(String id, String code, String message, boolean senderFault) {}
}
