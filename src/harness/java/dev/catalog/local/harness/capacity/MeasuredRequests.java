package dev.catalog.local.harness.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@code make bench} measured for a number of completed commands, in totals: each function's
 * invocations and busy seconds, and every AWS request the functions, the event-source pollers and
 * SNS's deliveries made. {@code make bench} writes it ({@link #WRITTEN_FILE}); a measured copy is
 * kept in the repository ({@link #COMMITTED_FILE}) so {@code make capacity} works without a bench run.
 *
 * @param measured when, and with which command
 * @param singleRouteCommands commands sent one per request (POST, PATCH, DELETE on /v1/products)
 * @param bulkCommands commands sent through the bulk route, ten per request
 * @param postgresCpuSeconds CPU the embedded PostgreSQL spent, the stand-in for Aurora's
 */
public record MeasuredRequests(String measured, long commands, long singleRouteCommands, long bulkCommands,
                               List<FunctionUse> functions, List<Requests> requests, double postgresCpuSeconds) {
    public static final Path WRITTEN_FILE = Path.of("target", "bench", "request-counts.json");
    public static final Path COMMITTED_FILE = Path.of("bench", "request-counts.json");

    /**
     * @param trigger httpApi, sqs, schedule or s3
     * @param route for httpApi functions: single or bulk; empty otherwise
     * @param records SQS messages handed to the function
     * @param seconds the invocations' durations added up
     */
    public record FunctionUse(String name, String trigger, String route, long invocations, long records, double seconds) {
    }

    /**
     * @param origin function, pollers (Lambda's SQS event-source pollers) or deliveries (SNS into SQS)
     * @param function the function for origin function; empty otherwise
     * @param entries messages or items carried (batch entries; 1 per single-item request)
     * @param emptyReceives ReceiveMessage requests that returned nothing
     */
    public record Requests(String origin, String function, String service, String operation, String target, long requests,
                           long entries, long emptyReceives, double writeUnits) {
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static MeasuredRequests load(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            MeasuredRequests measured = new ObjectMapper().treeToValue(root, MeasuredRequests.class);
            if (measured.commands() <= 0) {
                throw new IllegalArgumentException(file + " counts no completed command");
            }
            return measured;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the measured request counts " + file, e);
        }
    }

    long requests(Predicate<Requests> which) {
        return requests.stream().filter(which).mapToLong(Requests::requests).sum();
    }

    long entries(Predicate<Requests> which) {
        return requests.stream().filter(which).mapToLong(Requests::entries).sum();
    }
}
