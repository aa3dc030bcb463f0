package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The Customer object of the Customer Analytics API (seed 003), carried ahead of our own fields by every customer
 * answer: {@code id} is the customer id; {@code created_at} the registration date, else when the customer was first
 * seen; {@code last_active} the newest purchase, interaction or behavioural event; {@code segment_ids} the current
 * memberships (from segment-memberships.v1; empty for none); {@code total_purchases} purchases (refunds are not);
 * {@code lifetime_value} net revenue, as {@code ltv}. Every member is always written, null when unknown, as its
 * clients read them by name.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerObject(String id, String email, String name, Instant createdAt, Instant lastActive,
        List<String> segmentIds, long totalPurchases, BigDecimal lifetimeValue) {
}
