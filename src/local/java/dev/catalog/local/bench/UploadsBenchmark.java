package dev.catalog.local.bench;

import dev.catalog.attachment.AttachmentObjects.StoredObject;
import dev.catalog.attachment.S3AttachmentObjects;
import dev.catalog.attachment.UploadInspector;
import dev.catalog.command.Actor;
import dev.catalog.command.CommandEnvelope;
import dev.catalog.command.api.CommandAcceptance;
import dev.catalog.command.api.CommandPublisher;
import dev.catalog.command.api.CommandRecord;
import dev.catalog.command.api.CommandStore;
import dev.catalog.imports.ImportFormat;
import dev.catalog.imports.ImportProcessorHandler;
import dev.catalog.imports.ImportReport;
import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code make bench-uploads}: against the local services, the upload processor's streaming path
 * (GetObject → SHA-256 and magic bytes → CopyObject) on a 100 MiB object, with its throughput and
 * the peak heap growth while it runs; and the import processor's row path (read, parse, validate,
 * build commands) on 100,000 CSV rows, with acceptance in memory so the figure is the processor's
 * own, not the local SNS's or DynamoDB Local's.
 */
public final class UploadsBenchmark {
    private static final long FILE_BYTES = 100L * 1024 * 1024;
    private static final int IMPORT_ROWS = 100_000;

    private UploadsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            String bucket = runtime.clients().s3().listBuckets().buckets().stream().map(b -> b.name())
                    .filter(name -> name.endsWith("-documents")).findFirst().orElseThrow();
            // Outside incoming/: the processor's notification must not race the benchmark.
            String key = "bench/" + UUID.randomUUID();
            runtime.clients().s3().putObject(request -> request.bucket(bucket).key(key).contentType("application/pdf"),
                    RequestBody.fromContentProvider(() -> new PdfLikeStream(FILE_BYTES), FILE_BYTES, "application/pdf"));
            S3AttachmentObjects objects = new S3AttachmentObjects(runtime.clients().s3(), bucket);

            HeapWatch heap = HeapWatch.start();
            long started = System.nanoTime();
            UploadInspector.Inspection inspection;
            try (StoredObject object = objects.open(key).orElseThrow()) {
                inspection = UploadInspector.inspect(object.content(), FILE_BYTES);
            }
            objects.copy(key, key + "-copy");
            double seconds = (System.nanoTime() - started) / 1e9;
            long growth = heap.stop();
            System.out.printf("upload processor: %d MiB checksummed and copied in %.2f s = %.0f MB/s, peak heap growth %.1f MiB%n",
                    inspection.sizeBytes() / 1_048_576, seconds, inspection.sizeBytes() / 1e6 / seconds, growth / 1_048_576.0);

            // The figure above shares the JVM with S3Proxy and counts uncollected garbage; the
            // inspector alone on a generated stream shows what the processor itself holds.
            heap = HeapWatch.start();
            started = System.nanoTime();
            UploadInspector.Inspection alone = UploadInspector.inspect(new PdfLikeStream(FILE_BYTES), FILE_BYTES);
            seconds = (System.nanoTime() - started) / 1e9;
            growth = heap.stop();
            System.out.printf("upload processor (inspection only, no services in the JVM): %d MiB in %.2f s = %.0f MB/s, peak heap growth %.1f MiB%n",
                    alone.sizeBytes() / 1_048_576, seconds, alone.sizeBytes() / 1e6 / seconds, growth / 1_048_576.0);

            ImportProcessorHandler processor = new ImportProcessorHandler(null, new CommandAcceptance(new DiscardingStore(),
                    new DiscardingPublisher(), Clock.systemUTC()), reply -> { }, Clock.systemUTC());
            ImportReport report = new ImportReport();
            heap = HeapWatch.start();
            started = System.nanoTime();
            processor.readRows(UUID.randomUUID(), ImportFormat.CSV, new CsvRows(IMPORT_ROWS), new Actor("bench", List.of("editor")), report);
            seconds = (System.nanoTime() - started) / 1e9;
            growth = heap.stop();
            System.out.printf("import processor: %d rows (%d accepted) in %.2f s = %.0f rows/s, peak heap growth %.1f MiB%n",
                    IMPORT_ROWS, report.acceptedCount(), seconds, IMPORT_ROWS / seconds, growth / 1_048_576.0);
        }
        System.exit(0);
    }

    /** Samples used heap every few milliseconds; growth is the peak over the level after a GC at start. */
    private static final class HeapWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread sampler;

        private HeapWatch(MemoryMXBean memory) {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            peak.set(baseline);
            sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapWatch start() {
            return new HeapWatch(ManagementFactory.getMemoryMXBean());
        }

        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return peak.get() - baseline;
        }
    }

    /** A PDF header then pseudo-random bytes, generated as read: the benchmark never holds the file. */
    private static final class PdfLikeStream extends InputStream {
        private static final byte[] HEADER = "%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final long length;
        private long position;
        private long state = 0x9E3779B97F4A7C15L;

        PdfLikeStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            int value = position < HEADER.length ? HEADER[(int) position] & 0xff : (int) (next() & 0xff);
            position++;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = position < HEADER.length ? HEADER[(int) position] : (byte) next();
                position++;
            }
            return n;
        }

        private long next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return state;
        }
    }

    /** name,description rows generated as read. */
    private static final class CsvRows extends Reader {
        private final int rows;
        private int row = -1;
        private String current = "";
        private int offset;

        CsvRows(int rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int start, int count) {
            if (offset == current.length()) {
                row++;
                if (row > rows) {
                    return -1;
                }
                current = row == 0 ? "name,description\n" : "Bench chair " + row + ",\"Row " + row + ", generated\"\n";
                offset = 0;
            }
            int n = Math.min(count, current.length() - offset);
            current.getChars(offset, offset + n, buffer, start);
            offset += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    private static final class DiscardingStore implements CommandStore {
        @Override
        public Optional<CommandRecord> insertIfAbsent(CommandRecord command) {
            return Optional.empty();
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
