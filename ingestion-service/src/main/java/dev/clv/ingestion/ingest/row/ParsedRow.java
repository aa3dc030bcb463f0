package dev.clv.ingestion.ingest.row;

import java.util.List;

/**
 * One row of a request: its 1-based position, raw text, the customer it names (none for an accepted products
 * row; for a rejected row, its {@code customer_id} when that could be read), and either a validated event (with its partition
 * key, for append-only sources its dedup id, and the fields it lacked that were given a default) or the field and
 * reason it was rejected for.
 */
public record ParsedRow(int row, String raw, String key, String customerId, String rowId, Object event,
        List<String> defaulted, String field, String reason) {

    public static ParsedRow accepted(int row, String raw, String key, String customerId, String rowId, Object event,
            List<String> defaulted) {
        return new ParsedRow(row, raw, key, customerId, rowId, event, defaulted, null, null);
    }

    public static ParsedRow rejected(int row, String raw, String field, String reason) {
        return new ParsedRow(row, raw, null, null, null, null, List.of(), field, reason);
    }

    /** This rejected row, naming {@code customer} (null: no one). */
    ParsedRow naming(String customer) {
        return new ParsedRow(row, raw, key, customer, rowId, event, defaulted, field, reason);
    }

    public boolean isAccepted() {
        return event != null;
    }
}
