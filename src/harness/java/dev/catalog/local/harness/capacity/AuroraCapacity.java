package dev.catalog.local.harness.capacity;

/**
 * The Aurora Serverless v2 capacity a rate needs, from the embedded PostgreSQL's CPU per command:
 * the one rule {@code make capacity} and {@code make bench}'s cost table share.
 */
public final class AuroraCapacity {
    /**
     * An ACU is about 2 GiB with proportional CPU; AWS publishes no vCPU per ACU, so the memory-optimised
     * instances' 8 GiB per vCPU is taken: a vCPU of PostgreSQL work is 4 ACU (an assumption, printed).
     */
    public static final double ACU_PER_VCPU = 4;

    private AuroraCapacity() {
    }

    /** ACU busy at {@code commandsPerSecond} when each command costs {@code cpuSecondsPerCommand} of PostgreSQL CPU. */
    public static double acuAt(double cpuSecondsPerCommand, double commandsPerSecond) {
        return cpuSecondsPerCommand * commandsPerSecond * ACU_PER_VCPU;
    }
}
