package dev.clv.gateway.audit;

import java.util.List;

/** One page of a tenant's entries, newest first, and the cursor of the next page (null on the last). */
public record AuditPage(List<AuditRecord> entries, String nextCursor) {
}
