package dev.clv.ingestion.ingest.row;

/**
 * One row of a request: its 1-based position, raw text, and either a validated event (with its partition key and,
 * for append-only sources, its dedup id) or the field and reason it was rejected for.
 */
public record ParsedRow(int row, String raw, String key, String rowId, Object event, String field, String reason) {

    public static ParsedRow accepted(int row, String raw, String key, String rowId, Object event) {
        return new ParsedRow(row, raw, key, rowId, event, null, null);
    }

    public static ParsedRow rejected(int row, String raw, String field, String reason) {
        return new ParsedRow(row, raw, null, null, null, field, reason);
    }

    public boolean isAccepted() {
        return event != null;
    }
}
