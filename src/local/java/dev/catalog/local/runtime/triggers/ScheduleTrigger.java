package dev.catalog.local.runtime.triggers;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.catalog.local.runtime.functions.FunctionFailedException;
import dev.catalog.local.runtime.functions.LocalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.DateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@code schedule} event with a {@code rate(...)} expression: the function runs on that rate. */
public final class ScheduleTrigger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleTrigger.class);
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");

    private final ScheduledExecutorService timer;

    private ScheduleTrigger(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Parses {@code rate(5 minutes)}; anything else (cron included) is answered with empty. */
    public static java.util.Optional<Duration> parseRate(String expression) {
        Matcher matcher = RATE.matcher(expression.trim());
        if (!matcher.matches()) {
            return java.util.Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        boolean singular = !unit.endsWith("s");
        if (amount < 1 || singular != (amount == 1)) {
            return java.util.Optional.empty(); // EventBridge insists on "1 minute" but "2 minutes"
        }
        return java.util.Optional.of(switch (unit.replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(amount);
            case "hour" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    public static ScheduleTrigger start(LocalFunction function, Duration rate, String ruleArn, String region, String accountId, Clock clock) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "schedule-" + function.name());
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> fire(function, ruleArn, region, accountId, clock), rate.toMillis(), rate.toMillis(), TimeUnit.MILLISECONDS);
        return new ScheduleTrigger(timer);
    }

    private static void fire(LocalFunction function, String ruleArn, String region, String accountId, Clock clock) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount(accountId);
        event.setRegion(region);
        event.setTime(new DateTime(clock.millis()));
        event.setResources(List.of(ruleArn));
        event.setDetail(Map.of());
        try {
            function.invoke("schedule", 1, event);
        } catch (FunctionFailedException e) {
            LOG.warn("{} failed on its schedule: {}", function.name(), e.getCause() == null ? e : e.getCause());
        }
    }


    @Override
    public void close() {
        timer.shutdownNow();
    }
}
