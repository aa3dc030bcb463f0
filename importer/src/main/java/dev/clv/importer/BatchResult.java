package dev.clv.importer;

/** What the API said about one batch: rows accepted, quarantined, duplicates; or why the batch failed. */
record BatchResult(int rows, int accepted, int quarantined, int duplicates, String failure) {
}
