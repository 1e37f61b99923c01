package dev.catalog.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's priming before Lambda takes its SnapStart snapshot, so that the classes and
 * JIT-warm code of the hot path (JSON, schema validation, message parsing, SDK request building)
 * are in the snapshot instead of being loaded on the first request after a restore.
 *
 * <p>Priming never calls AWS: the snapshot must not hold connections, and a call made at deploy
 * time would act on the real resources. Outside a CRaC-enabled JVM (tests, the local runtime)
 * registering does nothing and the priming never runs. A failing priming is logged and ignored:
 * it only costs the first request some latency.
 */
public final class SnapStartPriming implements Resource {
    /** CRaC holds resources weakly; these references keep the registered ones alive. */
    private static final List<SnapStartPriming> REGISTERED = new ArrayList<>();

    private final String function;
    private final Runnable priming;

    private SnapStartPriming(String function, Runnable priming) {
        this.function = function;
        this.priming = priming;
    }

    /** Registers {@code priming} to run once before the snapshot of {@code function} is taken. */
    public static synchronized void register(String function, Runnable priming) {
        SnapStartPriming resource = new SnapStartPriming(function, priming);
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
    }

    /**
     * Primes a handler by invoking it with an event that stops before any AWS call: an SQS message
     * that is not a valid message (it becomes a batch item failure) or an HTTP request without a
     * caller (401). The handler parses, validates, logs and answers as for a real event.
     */
    public static <I, O> void registerHandler(String function, RequestHandler<I, O> handler, I harmlessEvent) {
        register(function, () -> handler.handleRequest(harmlessEvent, new PrimingContext(function)));
    }

    /** One SQS message that every queue handler rejects as malformed before touching a store. */
    public static SQSEvent malformedSqsMessage() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("snapstart-priming");
        message.setBody("{\"snapstartPriming\":true}");
        message.setAttributes(Map.of("MessageGroupId", "snapstart-priming", "ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** An HTTP API request without a verified caller: every route answers 401 before any AWS call. */
    public static APIGatewayV2HTTPEvent anonymousRequest(String method, String path) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId("snapstart-priming");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath(path);
        event.setRouteKey(method + " " + path);
        event.setHeaders(Map.of("content-type", "application/json"));
        event.setBody("{\"name\":\"priming\"}");
        event.setRequestContext(context);
        return event;
    }

    /** Runs the priming directly: what the snapshot would hold, for tests and the benchmark. */
    public static synchronized void primeAll() {
        REGISTERED.forEach(SnapStartPriming::prime);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: SDK clients resolve credentials per request, and connections are opened lazily.
    }

    private void prime() {
        try {
            priming.run();
        } catch (RuntimeException e) {
            System.out.println("{\"level\":\"WARN\",\"message\":\"SnapStart priming failed\",\"function\":\"" + function
                    + "\",\"error\":\"" + e.getClass().getName() + "\"}");
        }
    }

    /** The context of a priming invocation: its log lines are dropped (they describe no request). */
    private record PrimingContext(String function) implements com.amazonaws.services.lambda.runtime.Context {
        private static final LambdaLogger DISCARD = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };

        @Override
        public String getAwsRequestId() {
            return "snapstart-priming";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public String getLogStreamName() {
            return "";
        }

        @Override
        public String getFunctionName() {
            return function;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "";
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
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return DISCARD;
        }
    }
}
