package dev.clv.ingestion.ingest.row;

import java.time.ZoneId;

/** Per-tenant defaults: the time zone of timestamps without an offset, and the currency of amounts without one. */
public record TenantSettings(ZoneId timeZone, String currency) {
}
