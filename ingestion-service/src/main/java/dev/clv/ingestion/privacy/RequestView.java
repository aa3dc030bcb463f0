package dev.clv.ingestion.privacy;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A privacy request as its tenant sees it: type, status, how many customers it names (never the ids: the tenant
 * sent them, and an erase removes them), when it was made and last changed, and (one request) each service's part.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(UUID id, String type, String status, int customerCount, OffsetDateTime requestedAt,
        OffsetDateTime updatedAt, Map<String, ServiceProgress> services) {

    /** This request with every configured service's part (pending when it has not answered), then any other's. */
    RequestView with(List<String> configured, Map<String, ServiceProgress> progress) {
        Map<String, ServiceProgress> all = new LinkedHashMap<>();
        configured.forEach(s -> all.put(s, progress.getOrDefault(s, ServiceProgress.PENDING)));
        progress.forEach(all::putIfAbsent);
        return new RequestView(id, type, status, customerCount, requestedAt, updatedAt, all);
    }
}
