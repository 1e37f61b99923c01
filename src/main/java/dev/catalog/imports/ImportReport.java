package dev.catalog.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did: counts of every row, and the first {@link #MAX_LISTED} rejected rows with
 * their line numbers (the reply must stay far below SNS's 256 KB).
 */
public final class ImportReport {
    static final int MAX_LISTED = 100;

    record RejectedRow(int line, List<String> errors) {
    }

    private long accepted;
    private long rejected;
    private final List<RejectedRow> listed = new ArrayList<>();

    synchronized void accepted(int count) {
        accepted += count;
    }

    void rejected(int line, List<String> errors) {
        rejected++;
        if (listed.size() < MAX_LISTED) {
            listed.add(new RejectedRow(line, List.copyOf(errors.subList(0, Math.min(errors.size(), 5)))));
        }
    }

    public synchronized long acceptedCount() {
        return accepted;
    }

    public long rejectedCount() {
        return rejected;
    }

    List<RejectedRow> listedRejections() {
        return List.copyOf(listed);
    }
}
