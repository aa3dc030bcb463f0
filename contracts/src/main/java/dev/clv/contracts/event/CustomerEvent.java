package dev.clv.contracts.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The latest known profile of one customer, as carried on {@code customers.v1}; re-sending it is an upsert. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CustomerEvent(
        String tenantId,
        String customerId,
        Instant registrationDate,
        String country,
        String city,
        Integer age,
        String gender,
        String acquisitionSource,
        String segment,
        Boolean isActive,
        String email,
        String name,
        String loyaltyTier,
        Map<String, Object> attributes,
        Instant ingestedAt) {
}
