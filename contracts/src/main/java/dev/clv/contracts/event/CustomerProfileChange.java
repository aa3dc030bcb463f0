package dev.clv.contracts.event;

import java.time.Instant;
import java.util.List;

/**
 * A customer's profile or aggregates may have changed: the fields named can have new values, and {@code snapshot}
 * holds the customer's whole state as of {@code changedAt}. Delivered at least once (a replayed batch announces
 * again), so consumers re-evaluate rather than count these, and keep the newest snapshot by {@code changedAt}.
 */
public record CustomerProfileChange(String tenantId, String customerId, List<String> changedFields,
        Instant changedAt, CustomerSnapshot snapshot) {
}
