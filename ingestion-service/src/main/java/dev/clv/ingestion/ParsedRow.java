package dev.clv.ingestion;

/** One row of a request: its 1-based position, raw text, and either a validated event or a rejection. */
public record ParsedRow(int row, String raw, String customerId, Object event, String field, String reason) {

    public static ParsedRow accepted(int row, String raw, String customerId, Object event) {
        return new ParsedRow(row, raw, customerId, event, null, null);
    }

    public static ParsedRow rejected(int row, String raw, String field, String reason) {
        return new ParsedRow(row, raw, null, null, field, reason);
    }

    public boolean isAccepted() {
        return event != null;
    }
}
