package dev.catalog.queue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.catalog.internal.StructuredLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The batch loop of every SQS function, written once: answer a foreign event, read each message,
 * apply what was read, and report the failures as a partial batch response
 * ({@code ReportBatchItemFailures}).
 *
 * <p>A message fails when it cannot be read ({@link MalformedMessageException}: it is left to reach
 * its dead-letter queue), when a batch step reports it, or when applying it throws (it is retried).
 * On a FIFO queue the later messages of a failed message's group fail with it, unapplied
 * ({@link BatchItemFailures}); other groups carry on. Log lines name message ids and error
 * classes only, never a body.
 */
public final class SqsBatchProcessor {
    private SqsBatchProcessor() {
    }

    /** Reads one message's body. */
    @FunctionalInterface
    public interface Reader<M> {
        /** @throws MalformedMessageException when no retry can make the message readable */
        M read(SQSMessage message);
    }

    /** Applies one message that was read; throwing fails it. */
    @FunctionalInterface
    public interface Action<M> {
        void apply(Received<M> message);
    }

    /** Applies the messages of a batch together, in one go, before any {@link Action} runs. */
    @FunctionalInterface
    public interface BatchAction<M> {
        /** @return the messages that were not taken (each is retried) */
        Collection<Received<M>> applyTogether(List<Received<M>> messages);
    }

    /**
     * Thrown by an {@link Action} to fail its message for a reason that is expected now and then
     * (the message is retried): logged as a warning with {@code logText}, not as an error.
     */
    public static final class RetryLater extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RetryLater(String logText, Throwable cause) {
            super(logText, cause);
        }
    }

    /** A message and what was read from it. */
    public record Received<M>(SQSMessage message, M content) {
        public String messageId() {
            return message.getMessageId();
        }
    }

    /** Reads every message, then applies each in batch order: the usual worker. */
    public static <M> SQSBatchResponse process(SQSEvent event, Context context, Reader<M> reader, Action<M> action) {
        return process(event, context, reader, messages -> List.of(), action);
    }

    /**
     * Reads every message, applies the readable ones together, then applies each of those that
     * {@code together} took, in batch order, unless an earlier message of its group failed.
     */
    public static <M> SQSBatchResponse process(SQSEvent event, Context context, Reader<M> reader, BatchAction<M> together,
            Action<M> action) {
        Optional<SQSBatchResponse> foreign = ForeignEvents.answer(event, context);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        BatchItemFailures unreadable = new BatchItemFailures();
        List<Received<M>> received = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (SQSMessage message : event.getRecords()) {
            if (unreadable.isBlocked(message)) {
                unreadable.fail(message);
                continue;
            }
            try {
                received.add(new Received<>(message, reader.read(message)));
            } catch (MalformedMessageException e) {
                log(context, "WARN", "malformed message; left for the dead-letter queue", message, Map.of("reason", e.getMessage()));
                unreadable.fail(message);
                failed.add(message.getMessageId());
            }
        }
        if (!received.isEmpty()) {
            together.applyTogether(List.copyOf(received)).forEach(notTaken -> failed.add(notTaken.messageId()));
        }
        BatchItemFailures failures = new BatchItemFailures();
        int next = 0;
        for (SQSMessage message : event.getRecords()) {
            Received<M> read = next < received.size() && received.get(next).message() == message ? received.get(next++) : null;
            if (failures.isBlocked(message)) {
                log(context, "WARN", "skipped: an earlier message of its group failed", message, Map.of());
                failures.fail(message);
            } else if (read == null || failed.contains(message.getMessageId())) {
                failures.fail(message);
            } else if (!applied(action, read, context)) {
                failures.fail(message);
            }
        }
        return failures.toResponse();
    }

    private static <M> boolean applied(Action<M> action, Received<M> message, Context context) {
        try {
            action.apply(message);
            return true;
        } catch (RetryLater e) {
            log(context, "WARN", e.getMessage(), message.message(), Map.of("error", e.getCause() == null ? "" : e.getCause().getClass().getName()));
            return false;
        } catch (RuntimeException e) {
            // Where it failed, never what it read: the exception's class and frame, not its message.
            Throwable root = e.getCause() != null ? e.getCause() : e;
            StackTraceElement[] frames = root.getStackTrace();
            log(context, "ERROR", "message not processed; will be retried", message.message(), Map.of(
                    "error", root.getClass().getName(), "at", frames.length == 0 ? "" : frames[0].toString()));
            return false;
        }
    }

    private static void log(Context context, String level, String text, SQSMessage message, Map<String, ?> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", message.getMessageId());
        fields.putAll(details);
        StructuredLog.write(context, level, text, fields);
    }
}
