package dev.clv.ingestion.ingest.row;

import java.util.List;

/**
 * One row of a request: its 1-based position, raw text, and either a validated event (with its partition key,
 * for append-only sources its dedup id, and the fields it lacked that were given a default) or the field and
 * reason it was rejected for.
 */
public record ParsedRow(int row, String raw, String key, String rowId, Object event, List<String> defaulted,
        String field, String reason) {

    public static ParsedRow accepted(int row, String raw, String key, String rowId, Object event,
            List<String> defaulted) {
        return new ParsedRow(row, raw, key, rowId, event, defaulted, null, null);
    }

    public static ParsedRow rejected(int row, String raw, String field, String reason) {
        return new ParsedRow(row, raw, null, null, null, List.of(), field, reason);
    }

    public boolean isAccepted() {
        return event != null;
    }
}
