package dev.clv.contracts.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The latest known state of one product, on {@code products.v1}; re-sending it is an upsert. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductEvent(
        String tenantId,
        String productId,
        String name,
        String category,
        BigDecimal price,
        BigDecimal cost,
        String currency,
        Instant launchedAt,
        String status,
        Map<String, Object> attributes,
        Instant ingestedAt) {
}
