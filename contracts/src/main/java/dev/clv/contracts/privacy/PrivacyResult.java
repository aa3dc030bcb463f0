package dev.clv.contracts.privacy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One service's outcome of a privacy request: {@code completed} or {@code failed} (with the reason), and what it
 * did, as counts (rows erased per table, rows exported). Delivered at least once; the newest per service wins.
 */
public record PrivacyResult(UUID requestId, String tenantId, String service, String status, String detail,
        Map<String, Long> counts, Instant finishedAt) {
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
