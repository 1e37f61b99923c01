package dev.catalog.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a dropped import file's uploader reads its outcome: a report object beside the file. */
public interface ImportReports {
    /** Writes {@code report} as {@code <key>.report.json}, replacing an earlier one. */
    void write(String importKey, ObjectNode report);
}
