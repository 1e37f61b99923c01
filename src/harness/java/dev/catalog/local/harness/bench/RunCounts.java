package dev.catalog.local.harness.bench;

import dev.catalog.local.runtime.functions.Invocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run used, in the units AWS bills: built from the counted requests and the recorded
 * invocations, then priced by {@link CostModel} (and reshaped into the naive baseline by it).
 *
 * @param commands the commands the run completed, the denominator of "per million commands"
 * @param metricMessages messages (requests, replies) the functions recorded metrics for: a naive
 *     function would send one PutMetricData for each
 * @param putMetricDataRequests PutMetricData requests actually sent (the EMF sink sends none)
 */
record RunCounts(long commands, List<FunctionRun> functions, List<TopicPublishes> publishes, List<QueueRequests> queueRequests,
                 double writeUnits, double readUnits, long s3PutClassRequests, long s3GetClassRequests,
                 long metricMessages, long putMetricDataRequests, LogVolume logs) {

    /**
     * One function's invocations.
     *
     * @param trigger {@code httpApi}, {@code sqs}, {@code schedule} or {@code s3}
     * @param records the SQS messages it was given (0 for other triggers)
     * @param billedGbSeconds each invocation's duration rounded up to the millisecond, times its memory in GB
     * @param architecture as serverless.yml declares it: {@code arm64} or {@code x86_64}
     */
    record FunctionRun(String name, String trigger, long invocations, long records, double billedGbSeconds, String architecture) {
    }

    /**
     * Publishes to one topic.
     *
     * @param billableUnits Publish and PublishBatch requests as billed (every started 64 KB counts)
     */
    record TopicPublishes(String topic, boolean fifo, long publishRequests, long batchRequests, long batchEntries,
                          long billableUnits, long payloadBytes) {
    }

    /**
     * SQS requests of one origin, operation and queue.
     *
     * @param entries messages carried: batch entries for sends and deletes, messages returned for receives
     * @param billableUnits requests as billed (every started 64 KB of payload counts)
     */
    record QueueRequests(RequestOrigin.Kind origin, String operation, String queue, boolean fifo, long requests, long entries,
                         long billableUnits, long emptyReceives) {
    }

    /**
     * What would reach CloudWatch Logs.
     *
     * @param emfLines embedded-metric-format lines the functions would print (an upper-bound estimate)
     * @param emfBytes their size
     * @param functionLogBytes the functions' own log lines, as counted
     * @param platformBytesPerInvocation Lambda's START, END and REPORT lines for one invocation
     */
    record LogVolume(long emfLines, long emfBytes, long functionLogBytes, long platformBytesPerInvocation) {
    }

    long invocations() {
        return functions.stream().mapToLong(FunctionRun::invocations).sum();
    }

    long apiRequests() {
        return functions.stream().filter(function -> function.trigger().equals("httpApi")).mapToLong(FunctionRun::invocations).sum();
    }

    /**
     * Gathers a run's billable usage from what was counted.
     *
     * @param memoryMb each function's declared memory size
     */
    static RunCounts of(long commands, RequestCounts requests, List<Invocation> invocations, Map<String, Integer> memoryMb,
                        String architecture, long metricMessages, LogVolume logs) {
        Map<String, long[]> perFunction = new LinkedHashMap<>();
        Map<String, String> triggers = new LinkedHashMap<>();
        Map<String, Double> gbSeconds = new LinkedHashMap<>();
        for (Invocation invocation : invocations) {
            long[] counts = perFunction.computeIfAbsent(invocation.function(), name -> new long[2]);
            counts[0]++;
            if (invocation.trigger().equals("sqs")) {
                counts[1] += invocation.batchSize();
            }
            triggers.putIfAbsent(invocation.function(), invocation.trigger());
            // Lambda bills duration rounded up to the millisecond.
            long billedMillis = (invocation.duration().toNanos() + 999_999) / 1_000_000;
            double gigabytes = memoryMb.getOrDefault(invocation.function(), 1024) / 1024.0;
            gbSeconds.merge(invocation.function(), billedMillis / 1000.0 * gigabytes, Double::sum);
        }
        List<FunctionRun> functions = new ArrayList<>();
        perFunction.forEach((name, counts) -> functions.add(new FunctionRun(name, triggers.get(name), counts[0], counts[1],
                gbSeconds.get(name), architecture)));

        Map<String, long[]> perTopic = new LinkedHashMap<>();
        List<QueueRequests> queueRequests = new ArrayList<>();
        double writeUnits = 0;
        double readUnits = 0;
        long s3Put = 0;
        long s3Get = 0;
        for (RequestCounts.Row row : requests.billed()) {
            switch (row.service()) {
                case "Sns" -> {
                    long[] topic = perTopic.computeIfAbsent(row.target(), name -> new long[5]);
                    if (row.operation().equals("PublishBatch")) {
                        topic[1] += row.requests();
                        topic[2] += row.entries();
                    } else if (row.operation().equals("Publish")) {
                        topic[0] += row.requests();
                    }
                    topic[3] += row.billableUnits();
                    topic[4] += row.payloadBytes();
                }
                case "Sqs" -> queueRequests.add(new QueueRequests(row.origin().kind(), row.operation(), row.target(), row.fifoTarget(),
                        row.requests(), row.operation().equals("ReceiveMessage") ? row.messagesReceived() : row.entries(),
                        row.billableUnits(), row.emptyReceives()));
                case "DynamoDb" -> {
                    writeUnits += row.writeUnits();
                    readUnits += row.readUnits();
                }
                case "S3" -> {
                    if (RequestCounter.isS3PutClass(row.operation())) {
                        s3Put += row.requests();
                    } else if (RequestCounter.isS3GetClass(row.operation())) {
                        s3Get += row.requests();
                    }
                }
                default -> { }
            }
        }
        List<TopicPublishes> publishes = new ArrayList<>();
        perTopic.forEach((topic, counts) -> publishes.add(new TopicPublishes(topic, topic.endsWith(".fifo"), counts[0], counts[1],
                counts[2], counts[3], counts[4])));
        return new RunCounts(commands, functions, publishes, queueRequests, writeUnits, readUnits, s3Put, s3Get, metricMessages,
                0, logs);
    }
}
