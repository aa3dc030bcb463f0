package dev.clv.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * The segments a customer is a member of right after a membership change (entered, left, a segment deleted): the
 * whole current list, so consumers keep the newest by {@code changedAt} and never add up deltas. Delivered at least
 * once.
 */
public record SegmentMemberships(String tenantId, String customerId, List<String> segmentIds, Instant changedAt) {
}
