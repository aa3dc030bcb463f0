package dev.clv.ingestion.ingest;

import dev.clv.ingestion.ingest.row.RowRules;

/**
 * How to take one request: the most rows it may carry, whether rejected rows are quarantined (a quarantine replay
 * is not: its row is already there), and the rules its rows are read by beyond their schema.
 */
public record IngestOptions(int maxRows, boolean quarantineRejects, RowRules rules) {
}
