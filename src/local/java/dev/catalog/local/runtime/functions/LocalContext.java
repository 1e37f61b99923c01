package dev.catalog.local.runtime.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/** The Lambda {@link Context} of one local invocation: ids, limits and a logger, as Lambda gives them. */
public final class LocalContext implements Context {
    private final String requestId;
    private final String functionName;
    private final int memoryLimitMb;
    private final Instant deadline;
    private final Clock clock;
    private final LambdaLogger logger;

    public LocalContext(String requestId, String functionName, int memoryLimitMb, Instant deadline, Clock clock, LambdaLogger logger) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.memoryLimitMb = memoryLimitMb;
        this.deadline = deadline;
        this.clock = clock;
        this.logger = logger;
    }

    /** A context for tests: generous deadline, logs to standard output. */
    public static LocalContext forTest(String functionName) {
        Clock clock = Clock.systemUTC();
        return new LocalContext(java.util.UUID.randomUUID().toString(), functionName, 1024,
                clock.instant().plusSeconds(60), clock, standardOutput());
    }

    public static LambdaLogger standardOutput() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/" + functionName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
