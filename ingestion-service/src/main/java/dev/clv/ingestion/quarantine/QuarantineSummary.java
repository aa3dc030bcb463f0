package dev.clv.ingestion.quarantine;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a tenant's quarantine received over a range of local days: the rows in all, per data source (most first),
 * per source, field and reason (most first, at most {@link SummaryRepository#MAX_REASONS} groups, more_reasons
 * when there are more) and per local day (every day of the range, zeros included).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuarantineSummary(LocalDate from, LocalDate to, String timezone, long totalRows,
        List<SourceRows> bySource, List<ReasonRows> byReason, boolean moreReasons, List<DayRows> byDay) {

    /** The rows of one data source. */
    public record SourceRows(String dataSource, long rows) {
    }

    /** The rows refused for one reason (field "$": the row as a whole), the newest received at its offset in the zone. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReasonRows(String dataSource, String field, String reason, long rows,
            OffsetDateTime lastReceivedAt) {
    }

    /** The rows received on one local day. */
    public record DayRows(LocalDate day, long rows) {
    }
}
