package dev.clv.contracts.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A tracked behavioural event (page view, add to cart, …) with free-form properties, on {@code events.v1}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BehaviouralEvent(
        String tenantId,
        String eventId,
        String customerId,
        String eventType,
        Instant timestamp,
        String sessionId,
        Map<String, Object> properties,
        Instant ingestedAt) {
}
