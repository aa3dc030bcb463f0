package dev.clv.contracts.privacy;

import java.time.Instant;
import java.util.Map;

/**
 * A tenant's retention policy: per kind of data, how many days it is kept (absent: the service's default, null
 * value: kept for ever). Kinds: {@code events}, {@code transactions}, {@code interactions}, {@code quarantine},
 * {@code dead_letters}, {@code webhook_deliveries}, {@code membership_history}, {@code audit_log}.
 */
public record RetentionPolicy(String tenantId, Map<String, Integer> days, Instant updatedAt) {
}
