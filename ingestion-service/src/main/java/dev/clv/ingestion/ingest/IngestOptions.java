package dev.clv.ingestion.ingest;

/**
 * How to take one request: the most rows it may carry, and whether rejected rows are quarantined (a quarantine
 * replay is not: its row is already there).
 */
public record IngestOptions(int maxRows, boolean quarantineRejects) {
}
