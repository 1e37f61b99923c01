package dev.catalog.local.harness.bench;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.catalog.attachment.Attachment;
import dev.catalog.attachment.Attachment.AttachmentStatus;
import dev.catalog.attachment.AttachmentKeys;
import dev.catalog.attachment.AttachmentObjects;
import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.AttachmentRules;
import dev.catalog.attachment.AttachmentStore;
import dev.catalog.attachment.S3AttachmentObjects;
import dev.catalog.attachment.UploadInspector;
import dev.catalog.attachment.UploadProcessorHandler;
import dev.catalog.attachment.UploadUrls;
import dev.catalog.aws.AwsClients;
import dev.catalog.messaging.Actor;
import dev.catalog.messaging.CommandEnvelope;
import dev.catalog.intake.CommandAcceptance;
import dev.catalog.intake.CommandPublisher;
import dev.catalog.intake.CommandRecord;
import dev.catalog.intake.CommandStore;
import dev.catalog.imports.ImportFormat;
import dev.catalog.imports.ImportRows;
import dev.catalog.imports.ImportReport;
import dev.catalog.local.runtime.clients.LocalClientSettings;
import dev.catalog.local.runtime.clients.LocalEndpoints;
import dev.catalog.local.runtime.config.ServerlessConfig;
import dev.catalog.local.runtime.config.YamlValues;
import dev.catalog.local.runtime.functions.LocalContext;
import dev.catalog.outbox.Outbox;
import dev.catalog.outbox.OutboxMessage;
import dev.catalog.metrics.Metrics;
import dev.catalog.outbox.OutboxAfterCommit;
import dev.catalog.outbox.OutboxRelay;
import dev.catalog.outbox.OutboxTransactions;
import dev.catalog.outbox.PendingOutboxMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code make bench-uploads}: the upload processor's streaming path and the import processor's row
 * path, with their speed and what they do to the heap.
 *
 * <p>S3 is S3Proxy with its filesystem store in a child JVM ({@link OutOfProcessS3}), so this JVM's
 * heap holds the processor and its S3 client only, never the objects. For each file size it
 * prints, fastest first: S3Proxy's raw GET (the ceiling any reader of the local emulator has), the
 * inspection through S3 (GET + SHA-256 + magic bytes), S3Proxy's CopyObject alone (server side:
 * the processor sends one request, the bytes never come back), and the real
 * {@link UploadProcessorHandler} end to end on an S3 notification (inspection, CopyObject, record,
 * DeleteObject) with its heap growth. The database and topics are in-memory stand-ins: their cost
 * does not depend on the file's size. The inspection of a generated in-memory stream gives the
 * processor's CPU ceiling (SHA-256).
 *
 * <p>The import processor reads 100,000 generated CSV rows, with acceptance in memory, so the
 * figure is the processor's own, not the local SNS's or DynamoDB Local's.
 *
 * <p>Arguments: file sizes in MiB (default {@code 100 500}). Every figure is after a warm-up.
 */
public final class UploadsBenchmark {
    private static final String INSPECTION_PROBE = "--inspection-probe";
    private static final long MIB = 1024 * 1024;
    private static final long WARM_UP_BYTES = 32 * MIB;
    private static final int IMPORT_ROWS = 100_000;
    private static final double GOAL_MB_PER_SECOND = 100;
    private static final long GOAL_HEAP_GROWTH_BYTES = 64 * MIB;
    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "bench-documents";
    private static final UUID PRODUCT_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private UploadsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(INSPECTION_PROBE)) {
            probeInspection(Long.parseLong(args[1]));
            return;
        }
        List<Long> sizes = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"100", "500"} : args) {
            sizes.add(Long.parseLong(arg) * MIB);
        }
        int repeats = Integer.getInteger("bench.repeats", 3);
        System.out.println("uploads benchmark: " + jvmDescription() + "; each figure is the median of " + repeats + " runs after a warm-up");
        Path storeDirectory = Path.of(System.getProperty("bench.s3.directory", "target/bench/s3/objects"));
        try (OutOfProcessS3 s3Process = OutOfProcessS3.launch(storeDirectory, REGION,
                LocalClientSettings.ACCESS_KEY, LocalClientSettings.SECRET_KEY, childJvmOptions());
                AwsClients clients = new AwsClients(new LocalClientSettings(endpointsFor(s3Process.endpoint())))) {
            System.out.printf("uploads benchmark: S3 is S3Proxy with its filesystem store (%s) in a child JVM (pid %d)%n",
                    storeDirectory, s3Process.pid());
            S3Client s3 = clients.s3();
            s3.createBucket(request -> request.bucket(BUCKET));
            Uploads uploads = new Uploads(s3);

            uploads.put("source/warm-up", WARM_UP_BYTES);
            for (int round = 0; round < 3; round++) {
                uploads.rawGet("source/warm-up");
                uploads.inspectThroughS3("source/warm-up");
                uploads.copy("source/warm-up");
                uploads.process("source/warm-up", WARM_UP_BYTES);
                inspectInMemory(WARM_UP_BYTES);
            }

            long inMemoryBytes = sizes.get(0);
            print("upload inspection in memory (SHA-256 + magic bytes, no I/O: the processor's CPU ceiling)", inMemoryBytes,
                    measure(repeats, () -> inspectInMemory(inMemoryBytes)), "");

            for (long size : sizes) {
                String source = "source/" + size / MIB;
                uploads.put(source, size);
                String expectedSha256 = UploadInspector.inspect(new GeneratedPdf(size), size).sha256();

                print("s3proxy raw GET (ceiling of the local emulator for any reader)", size, measure(repeats, () -> uploads.rawGet(source)), "");
                print("upload inspection through S3 (GET + SHA-256 + magic bytes)", size, measure(repeats, () -> uploads.inspectThroughS3(source)), "");
                print("s3proxy CopyObject alone (server side, in the emulator)", size, measure(repeats, () -> uploads.copy(source)), "");

                List<Processed> runs = new ArrayList<>();
                for (int run = 0; run < repeats; run++) {
                    runs.add(uploads.process(source, size).verify(size, expectedSha256));
                }
                runs.sort(Comparator.comparingLong(Processed::nanos));
                Processed median = runs.get(runs.size() / 2);
                long[] nanos = runs.stream().mapToLong(Processed::nanos).toArray();
                print("upload processor end to end (GET + SHA-256 + magic bytes + CopyObject + DeleteObject)", size, nanos,
                        goal(size / 1e6 / (median.nanos() / 1e9) >= GOAL_MB_PER_SECOND, ">= 100 MB/s"));
                System.out.printf("upload processor time split of the median run, %d MiB: %s%n", size / MIB, median.breakdown());
                HeapWatch.Growth worst = runs.stream().map(Processed::heap).max(Comparator.comparingLong(HeapWatch.Growth::peakUsedBytes))
                        .orElseThrow();
                System.out.printf("upload processor heap growth (worst of %d runs), %d MiB: %s%s%n", repeats, size / MIB, worst.describe(),
                        goal(worst.retainedBytes() < GOAL_HEAP_GROWTH_BYTES, "< 64 MiB retained"));
            }
        }
        probeDeployedJit();
        benchmarkImport(repeats);
        System.exit(0);
    }

    /** Runs {@code work} (which returns its own duration) {@code repeats} times. */
    private static long[] measure(int repeats, Timed work) throws Exception {
        long[] nanos = new long[repeats];
        for (int run = 0; run < repeats; run++) {
            nanos[run] = work.nanos();
        }
        return nanos;
    }

    @FunctionalInterface
    private interface Timed {
        long nanos() throws Exception;
    }

    private static long inspectInMemory(long size) throws IOException {
        long started = System.nanoTime();
        UploadInspector.inspect(new GeneratedPdf(size), size);
        return System.nanoTime() - started;
    }

    /**
     * The processor's SHA-256 in a fresh JVM started as Lambda starts it, on a file at the attachment
     * size limit: with the provider's {@code JAVA_TOOL_OPTIONS} from serverless.yml (what the other
     * functions run with) and with the upload processor's own. C1 alone does not use the CPU's SHA
     * instructions; only C2's intrinsic does.
     */
    private static void probeDeployedJit() throws Exception {
        ServerlessConfig config = ServerlessConfig.load(Path.of("serverless.yml"), Optional.of("dev"), Optional.empty(), "000000000000");
        Map<String, Object> providerEnvironment = YamlValues.map(config.provider().get("environment"));
        Map<String, Object> environment = new java.util.LinkedHashMap<>(providerEnvironment);
        environment.putAll(YamlValues.map(config.functions().get("uploadProcessor").value().get("environment")));
        long limit = Long.parseLong(String.valueOf(environment.get("ATTACHMENT_MAX_BYTES")));
        Map<String, String> variants = new java.util.LinkedHashMap<>();
        variants.put(String.valueOf(providerEnvironment.getOrDefault("JAVA_TOOL_OPTIONS", "")), "the provider's");
        variants.merge(String.valueOf(environment.getOrDefault("JAVA_TOOL_OPTIONS", "")), "uploadProcessor's", (a, b) -> a + " and " + b);
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            ProcessBuilder probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), UploadsBenchmark.class.getName(), INSPECTION_PROBE, String.valueOf(limit))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            probe.environment().put("JAVA_TOOL_OPTIONS", variant.getKey());
            Process process = probe.start();
            String result = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the inspection probe failed: " + result);
            }
            System.out.printf("upload inspection in memory, fresh JVM with %s JAVA_TOOL_OPTIONS (%s): %s%n", variant.getValue(),
                    variant.getKey(), result);
        }
    }

    /** In the probe JVM: the first file (as a fresh container sees it), then the median of three more. */
    private static void probeInspection(long size) throws IOException {
        long first = inspectInMemory(size);
        long[] warmed = {inspectInMemory(size), inspectInMemory(size), inspectInMemory(size)};
        Arrays.sort(warmed);
        System.out.printf("first %d MiB %.0f MB/s, then %.0f MB/s%n", size / MIB, size / 1e6 / (first / 1e9), size / 1e6 / (warmed[1] / 1e9));
    }

    private static void benchmarkImport(int repeats) throws Exception {
        ImportRows processor = new ImportRows(new CommandAcceptance(new DiscardingCommandStore(), new DiscardingPublisher(),
                Clock.systemUTC()));
        Actor actor = new Actor("bench", List.of("editor"));
        processor.read(UUID.randomUUID(), ImportFormat.CSV, new CsvRows(IMPORT_ROWS / 10), actor, new ImportReport());
        long[] nanos = new long[repeats];
        HeapWatch.Growth worst = null;
        for (int run = 0; run < repeats; run++) {
            ImportReport report = new ImportReport();
            HeapWatch heap = HeapWatch.start();
            long started = System.nanoTime();
            processor.read(UUID.randomUUID(), ImportFormat.CSV, new CsvRows(IMPORT_ROWS), actor, report);
            nanos[run] = System.nanoTime() - started;
            HeapWatch.Growth growth = heap.stop();
            if (report.acceptedCount() != IMPORT_ROWS) {
                throw new IllegalStateException("the import accepted " + report.acceptedCount() + " of " + IMPORT_ROWS + " rows");
            }
            if (worst == null || growth.retainedBytes() > worst.retainedBytes()) {
                worst = growth;
            }
        }
        Arrays.sort(nanos);
        double seconds = nanos[nanos.length / 2] / 1e9;
        System.out.printf("import processor, %,d CSV rows (all accepted, acceptance in memory): %.2f s = %,.0f rows/s (range %,.0f-%,.0f)%n",
                IMPORT_ROWS, seconds, IMPORT_ROWS / seconds, IMPORT_ROWS / (nanos[nanos.length - 1] / 1e9), IMPORT_ROWS / (nanos[0] / 1e9));
        System.out.printf("import processor heap growth (worst of %d runs), %,d rows: %s%s%n", repeats, IMPORT_ROWS, worst.describe(),
                goal(worst.retainedBytes() < GOAL_HEAP_GROWTH_BYTES, "< 64 MiB retained"));
    }

    /** What one processor run recorded, how long it took and what it did to the heap. */
    private record Processed(Attachment attachment, long nanos, HeapWatch.Growth heap, String breakdown) {
        Processed verify(long size, String expectedSha256) {
            if (attachment.status() != AttachmentStatus.STORED || attachment.sizeBytes() != size || !expectedSha256.equals(attachment.sha256())) {
                throw new IllegalStateException("the processor recorded " + attachment.status() + " " + attachment.sizeBytes()
                        + " bytes, SHA-256 " + attachment.sha256() + "; expected STORED " + size + " bytes, SHA-256 " + expectedSha256);
            }
            return this;
        }
    }

    /** Times each storage call the processor makes, to show where an end-to-end run spends its time. */
    private static final class TimedObjects implements AttachmentObjects {
        private final AttachmentObjects delegate;
        private long readNanos;
        private long copyNanos;
        private long deleteNanos;

        TimedObjects(AttachmentObjects delegate) {
            this.delegate = delegate;
        }

        String breakdown() {
            return String.format("GET + inspection %.2f s, CopyObject %.2f s, DeleteObject %.2f s", readNanos / 1e9, copyNanos / 1e9,
                    deleteNanos / 1e9);
        }

        @Override
        public Optional<StoredObject> open(String key) {
            long started = System.nanoTime();
            return delegate.open(key).map(object -> new StoredObject() {
                @Override
                public String eTag() {
                    return object.eTag();
                }

                @Override
                public String contentType() {
                    return object.contentType();
                }

                @Override
                public long contentLength() {
                    return object.contentLength();
                }

                @Override
                public Map<String, String> metadata() {
                    return object.metadata();
                }

                @Override
                public InputStream content() {
                    return object.content();
                }

                @Override
                public void close() {
                    object.close();
                    readNanos += System.nanoTime() - started;
                }
            });
        }

        @Override
        public void copyIfUnchanged(String fromKey, String eTag, String toKey) {
            long started = System.nanoTime();
            delegate.copyIfUnchanged(fromKey, eTag, toKey);
            copyNanos += System.nanoTime() - started;
        }

        @Override
        public void delete(String key) {
            long started = System.nanoTime();
            delegate.delete(key);
            deleteNanos += System.nanoTime() - started;
        }
    }

    /** The S3 operations of the benchmark on one bucket. */
    private static final class Uploads {
        private final S3Client s3;
        private final S3AttachmentObjects objects;
        private final byte[] drain = new byte[64 * 1024];

        Uploads(S3Client s3) {
            this.s3 = s3;
            this.objects = new S3AttachmentObjects(s3, BUCKET);
        }

        void put(String key, long size) {
            s3.putObject(request -> request.bucket(BUCKET).key(key).contentType("application/pdf")
                            .metadata(Map.of(UploadUrls.FILE_NAME_METADATA, "bench.pdf", UploadUrls.UPLOADED_BY_METADATA, "bench")),
                    RequestBody.fromContentProvider(() -> new GeneratedPdf(size), size, "application/pdf"));
        }

        long rawGet(String key) throws IOException {
            long started = System.nanoTime();
            try (StoredObject object = objects.open(key).orElseThrow()) {
                InputStream content = object.content();
                while (content.read(drain) >= 0) {
                    // only the transfer is measured
                }
            }
            return System.nanoTime() - started;
        }

        long inspectThroughS3(String key) throws IOException {
            long started = System.nanoTime();
            try (StoredObject object = objects.open(key).orElseThrow()) {
                UploadInspector.inspect(object.content(), Long.MAX_VALUE - 1);
            }
            return System.nanoTime() - started;
        }

        private String eTagOf(String key) {
            return s3.headObject(request -> request.bucket(BUCKET).key(key)).eTag();
        }

        /** The processor's conditional CopyObject (the HEAD for its ETag is not timed). */
        long copy(String key) {
            String eTag = eTagOf(key);
            long started = System.nanoTime();
            objects.copyIfUnchanged(key, eTag, key + "-copy");
            long nanos = System.nanoTime() - started;
            objects.delete(key + "-copy");
            return nanos;
        }

        /** Places {@code source} where an upload lands, then runs the processor on its notification. */
        Processed process(String source, long size) throws InterruptedException {
            UUID attachmentId = UUID.randomUUID();
            String incoming = AttachmentKeys.incoming(PRODUCT_ID, attachmentId);
            objects.copyIfUnchanged(source, eTagOf(source), incoming);
            String eTag = eTagOf(incoming).replace("\"", "");
            RecordingStore store = new RecordingStore();
            TimedObjects timed = new TimedObjects(objects);
            UploadProcessorHandler processor = new UploadProcessorHandler(new AttachmentRules(Set.of("application/pdf"), size), timed,
                    store, new OutboxAfterCommit(new NoOutbox(), new OutboxRelay((topic, rows) -> Set.of())), Clock.systemUTC(), Metrics.none());
            SQSEvent event = notification(incoming, eTag);
            LocalContext context = new LocalContext(UUID.randomUUID().toString(), "uploadProcessor", 1024, Instant.now().plusSeconds(900),
                    Clock.systemUTC(), new DiscardingLogger());

            HeapWatch heap = HeapWatch.start();
            long started = System.nanoTime();
            SQSBatchResponse response = processor.handleRequest(event, context);
            long nanos = System.nanoTime() - started;
            HeapWatch.Growth growth = heap.stop();

            if (!response.getBatchItemFailures().isEmpty() || store.recorded == null) {
                throw new IllegalStateException("the processor did not process " + incoming);
            }
            s3.headObject(request -> request.bucket(BUCKET).key(store.recorded.s3Key()));
            s3.deleteObject(request -> request.bucket(BUCKET).key(store.recorded.s3Key()));
            return new Processed(store.recorded, nanos, growth, timed.breakdown());
        }
    }

    private static SQSEvent notification(String key, String eTag) {
        String body = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
                "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","eTag":"%s"}}}]}""".formatted(BUCKET, key, eTag);
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** The median run, and the range of all when there are several. */
    private static void print(String what, long bytes, long[] nanos, String goal) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double seconds = sorted[sorted.length / 2] / 1e9;
        String range = sorted.length == 1 ? "" : String.format(" (range %.0f-%.0f)", bytes / 1e6 / (sorted[sorted.length - 1] / 1e9),
                bytes / 1e6 / (sorted[0] / 1e9));
        System.out.printf("%s, %d MiB: %.2f s = %.0f MB/s%s%s%n", what, bytes / MIB, seconds, bytes / 1e6 / seconds, range, goal);
    }

    private static String goal(boolean met, String goal) {
        return "   [goal " + goal + ": " + (met ? "PASS" : "MISS") + "]";
    }

    private static LocalEndpoints endpointsFor(URI s3) {
        // Only S3 is used; the other endpoints are never called.
        return new LocalEndpoints(REGION, "000000000000", s3, s3, s3, s3);
    }

    /**
     * The child runs with the normal JIT too: its speed is the ceiling reported. The system property
     * {@code bench.s3.javaOptions} adds options (space-separated), to profile S3Proxy for example.
     */
    private static List<String> childJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseParallelGC"));
        String extra = System.getProperty("bench.s3.javaOptions", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    private static String jvmDescription() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String tieredStop = hotSpot.getVMOption("TieredStopAtLevel").getValue();
        String jit = "4".equals(tieredStop) ? "C1 + C2 (normal JIT)" : "TieredStopAtLevel=" + tieredStop + " (no C2: SHA-256 not intrinsified)";
        String collectors = String.join("/", ManagementFactory.getGarbageCollectorMXBeans().stream().map(c -> c.getName()).toList());
        return String.format("Java %s, %s, GC %s, max heap %d MiB, %d CPUs", System.getProperty("java.version"), jit, collectors,
                Runtime.getRuntime().maxMemory() / MIB, Runtime.getRuntime().availableProcessors());
    }

    /** A PDF header then pseudo-random bytes (one generated MiB, repeated): never held whole, cheap to produce. */
    static final class GeneratedPdf extends InputStream {
        private static final byte[] BLOCK = block();
        private final long length;
        private long position;

        GeneratedPdf(long length) {
            this.length = length;
        }

        private static byte[] block() {
            byte[] block = new byte[(int) MIB];
            new Random(20261121).nextBytes(block);
            byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(header, 0, block, 0, header.length);
            return block;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            return BLOCK[(int) (position++ % BLOCK.length)] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK.length);
            int n = (int) Math.min(Math.min(count, BLOCK.length - inBlock), length - position);
            System.arraycopy(BLOCK, inBlock, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** name,description rows generated as read (ASCII, so a character is a byte). */
    private static final class CsvRows extends InputStream {
        private final int rows;
        private int row = -1;
        private byte[] current = new byte[0];
        private int offset;

        CsvRows(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int start, int count) {
            if (offset == current.length) {
                row++;
                if (row > rows) {
                    return -1;
                }
                current = (row == 0 ? "name,description\n" : "Bench chair " + row + ",\"Row " + row + ", generated\"\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                offset = 0;
            }
            int n = Math.min(count, current.length - offset);
            System.arraycopy(current, offset, buffer, start, n);
            offset += n;
            return n;
        }
    }

    /** Aurora stand-in: the product is live, nothing is recorded yet; keeps what the processor records. */
    private static final class RecordingStore implements AttachmentStore {
        private Attachment recorded;

        @Override
        public boolean exists(UUID attachmentId) {
            return false;
        }

        @Override
        public boolean productIsLive(UUID productId) {
            return true;
        }

        @Override
        public Optional<List<PendingOutboxMessage>> recordUpload(UUID processingId, Attachment attachment, List<OutboxMessage> messages,
                Runnable beforeRecording) {
            beforeRecording.run();
            recorded = attachment;
            return Optional.of(List.of());
        }

        @Override
        public DeleteResult applyDelete(UUID commandId, String commandType, UUID productId, UUID attachmentId, Instant now,
                Function<Attachment, List<OutboxMessage>> onDeleted, OutboxMessage onNotFound) {
            throw new UnsupportedOperationException("the benchmark deletes no attachment");
        }
    }

    /** Nothing is ever pending: {@link RecordingStore} commits no outbox rows. */
    private static final class NoOutbox implements OutboxTransactions {
        @Override
        public <T> T inTransaction(Function<Outbox, T> work) {
            return work.apply(null);
        }
    }

    private static final class DiscardingLogger implements LambdaLogger {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }
    }

    private static final class DiscardingCommandStore implements CommandStore {
        @Override
        public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
            return Optional.empty();
        }

        @Override
        public boolean insertAllIfNoneExist(List<CommandRecord> commands) {
            return true;
        }

        @Override
        public Optional<CommandRecord> find(UUID commandId) {
            return Optional.empty();
        }
    }

    private static final class DiscardingPublisher implements CommandPublisher {
        @Override
        public void publish(CommandEnvelope command) {
        }

        @Override
        public void publishAll(List<CommandEnvelope> commands) {
        }
    }
}
