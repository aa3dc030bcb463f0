package dev.clv.ingestion.privacy;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One service's part of a request: its status ({@code pending} until it answers), why it failed, its counts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceProgress(String status, String detail, Map<String, Long> counts, OffsetDateTime finishedAt) {
    static final ServiceProgress PENDING = new ServiceProgress("pending", null, null, null);

    /** The number of export parts the service said it published (0 when it did not say). */
    long exportParts() {
        Long parts = counts == null ? null : counts.get("export_parts");
        return parts == null ? 0 : parts;
    }
}
