package dev.clv.ingestion.ingest.row;

import java.time.Instant;

/**
 * How rows are read beyond their source's schema. {@code patch}: a customer row is a partial update, changing only
 * the fields it holds. {@code timestampDefaults}: an event without a timestamp gets {@code timestampDefault}, or,
 * when that is null, the time the request was received (the tracking API's rule; a replay passes the original
 * request's time).
 */
public record RowRules(boolean patch, boolean timestampDefaults, Instant timestampDefault) {
    /** Every field the schema requires must be there: {@code /v0/events}. */
    public static final RowRules STRICT = new RowRules(false, false, null);
    /** {@code PATCH /v1/customers/{id}}. */
    public static final RowRules PATCH = new RowRules(true, false, null);
    /** {@code /v1/events} and {@code /v1/events/batch}. */
    public static final RowRules TRACKING = new RowRules(false, true, null);

    /** The time a missing event timestamp stands for, in a request received at {@code now}. */
    public Instant timestampFor(Instant now) {
        return timestampDefault == null ? now : timestampDefault;
    }
}
