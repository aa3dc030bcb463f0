package dev.clv.gateway.audit;

import java.time.Instant;

/** An entry as {@code GET /v1/audit} shows it: its place in the tenant's chain, what it records, and its hashes. */
public record AuditRecord(long seq, Instant time, String actorSub, String actorName, String action, String target,
        int result, String requestId, String clientIp, String prevHash, String hash) {
}
