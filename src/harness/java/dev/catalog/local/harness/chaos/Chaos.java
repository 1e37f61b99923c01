package dev.catalog.local.harness.chaos;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.time.Duration;

/**
 * {@code make chaos}: the fault suite on the local runtime booted from serverless.yml, in this
 * process. Arguments: the number of commands (default 3,000) and the seed (same seed, same
 * workload and fault decisions). Exits 1 when a must-rule is broken or the run could not be made.
 */
public final class Chaos {
    /** Failed messages come back after a second instead of the queues' visibility timeouts (minutes). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private Chaos() {
    }

    public static void main(String[] args) {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261121L;
        ChaosPlan plan = ChaosPlan.standard(seed, commands);
        ChaosReport report;
        long started = System.nanoTime();
        Faults faults = new Faults();
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(RETRY_DELAY).withFaults(faults))) {
            System.out.printf("chaos: runtime ready in %.1f s; %d clients submit %d commands while the faults strike%n",
                    (System.nanoTime() - started) / 1e9, plan.clients(), plan.commands());
            report = new ChaosRunner(runtime, faults, plan).run();
        } catch (Exception e) {
            System.out.println("chaos: FAILED to run: " + e);
            System.exit(1);
            return;
        }
        report.lines().forEach(System.out::println);
        System.exit(report.passed() ? 0 : 1);
    }
}
