package dev.clv.analytics.query.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A behavioural event as the Customer Analytics API (seed 003) shows it: its id, customer, type, when it happened,
 * its properties as sent (an empty object without any) and its session (null without one).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EventItem(String id, String customerId, String eventType, Instant timestamp,
        Map<String, Object> properties, String sessionId) {
}
