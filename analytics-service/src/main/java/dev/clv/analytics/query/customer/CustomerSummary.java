package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.time.Instant;

/** One customer's profile copy and aggregates as lists show them; ltv is net revenue, as everywhere. */
public record CustomerSummary(String customerId, Instant registrationDate, String country, String segment,
        String acquisitionSource, Boolean isActive, BigDecimal ltv, BigDecimal totalSpent, long purchaseCount,
        BigDecimal avgOrderValue, long refundCount, BigDecimal refundTotal, Instant firstPurchaseAt,
        Instant lastPurchaseAt, long interactionCount, Instant lastInteractionAt, BigDecimal avgSatisfaction,
        long supportContacts, long eventCount) {
}
