package dev.clv.contracts.privacy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One chunk of what a service holds about the customers of an export request: sections (e.g.
 * {@code "transactions"}) of rows, each row naming its {@code customer_id}. Parts are numbered from 0 per service;
 * the service's {@link PrivacyResult} says how many there are ({@code counts.export_parts}). Delivered at least
 * once; (request, service, seq) identifies a part.
 */
public record PrivacyExportPart(UUID requestId, String tenantId, String service, int seq,
        Map<String, List<Map<String, Object>>> sections) {
}
