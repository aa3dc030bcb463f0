package dev.clv.contracts.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A customer's contact with the business (login, support contact, feature use, …), on {@code interactions.v1}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InteractionEvent(
        String tenantId,
        String interactionId,
        String customerId,
        Instant interactionDate,
        String interactionType,
        String channel,
        Integer durationSeconds,
        Integer satisfactionScore,
        Map<String, Object> attributes,
        Instant ingestedAt) {
}
