package dev.clv.contracts.tenant;

import java.time.ZoneId;

/** One tenant's settings: the time zone of local dates and times, and the currency of amounts sent without one. */
public record TenantSettings(ZoneId timeZone, String currency) {
}
