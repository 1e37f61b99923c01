package dev.catalog.local.harness.fuzz;

import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;

/**
 * {@code make fuzz}: generated bad requests and import files (default 2,400, every class of input)
 * against the local pipeline. Arguments: the count and the seed. Exits 1 when a rule is broken or the run could not be made.
 */
public final class Fuzz {
    private Fuzz() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2400;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261121L;
        FuzzRunner.Report report;
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            report = new FuzzRunner(runtime).run(new BadRequestGenerator(seed, FuzzRunner.sqsFunctions(runtime)).generate(count));
        } catch (Exception e) {
            System.out.println("fuzz: FAILED to run: " + e);
            System.exit(1);
            return;
        }
        System.out.println("fuzz (seed " + seed + "): " + report.summary());
        System.out.println(report.passed()
                ? "fuzz: PASSED (0 × 5xx, 0 bad accepted, 0 accepted then lost, 0 published on a 4xx, 0 function errors,"
                        + " 0 bad import rows unreported)"
                : "fuzz: FAILED (" + String.join(", ", report.brokenRules()) + ")");
        System.exit(report.passed() ? 0 : 1);
    }
}
