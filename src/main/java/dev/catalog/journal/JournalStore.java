package dev.catalog.journal;

/** Durable storage for journal batches. */
public interface JournalStore {

    /** Stores the batch under {@link JournalBatch#objectKey()}; storing the same batch again replaces it. */
    void write(JournalBatch batch);
}
