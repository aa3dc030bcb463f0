package dev.clv.analytics.query.customer;

import java.time.Instant;
import java.util.Map;

/** One row of a customer's history: a transaction, an interaction or a behavioural event, with its own fields. */
public record TimelineEntry(String type, String id, Instant occurredAt, Map<String, Object> details) {
}
