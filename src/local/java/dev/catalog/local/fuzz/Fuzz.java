package dev.catalog.local.fuzz;

import dev.catalog.local.LocalOptions;
import dev.catalog.local.LocalRuntime;

/** {@code make fuzz}: at least 1,000 generated bad requests against the local pipeline. */
public final class Fuzz {
    private Fuzz() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261121L;
        FuzzRunner.Report report;
        try (LocalRuntime runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0))) {
            report = new FuzzRunner(runtime).run(new BadRequestGenerator(seed).generate(count));
        }
        System.out.println("fuzz (seed " + seed + "): " + report.summary());
        System.out.println(report.passed() ? "fuzz: PASSED (0 5xx, 0 accepted, 0 published)" : "fuzz: FAILED");
        System.exit(report.passed() ? 0 : 1);
    }
}
