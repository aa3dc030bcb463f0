package dev.clv.ingestion.quarantine;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.ingestion.quarantine.QuarantineSummary.DayRows;
import dev.clv.ingestion.quarantine.QuarantineSummary.ReasonRows;
import dev.clv.ingestion.quarantine.QuarantineSummary.SourceRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts a tenant's quarantined rows over a range of local days in two statements, both reading the range of the
 * index {@code quarantined_rows_received} (tenant, received_at) and nothing of the other tenants or other days.
 */
@ApplicationScoped
public class SummaryRepository {
    static final int MAX_REASONS = 100;
    // the days are the Java-computed starts of each local day ($4): the same DST rules as the range's bounds ($2,
    // $3), so a row counted in the range always falls in exactly one day of it; width_bucket gives i for a row at
    // or after the i-th start and before the next
    private static final String BY_SOURCE_AND_DAY = """
            SELECT GROUPING(data_source) = 0 AS per_source, data_source, day, count(*) AS n
            FROM (SELECT data_source, width_bucket(received_at, $4::timestamptz[]) AS day
              FROM ingestion.quarantined_rows WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3) r
            GROUP BY GROUPING SETS ((data_source), (day))
            """;
    // a reason may carry the refused value, so there can be as many groups as rows: ranked and cut in SQL, one
    // group more than answered to tell whether there are more
    private static final String BY_REASON = """
            SELECT data_source, field, reason, count(*) AS n, max(received_at) AS last_received_at
            FROM ingestion.quarantined_rows WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3
            GROUP BY data_source, field, reason
            ORDER BY n DESC, data_source, field, reason
            LIMIT $4
            """;
    private final Pool pool;

    public SummaryRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<QuarantineSummary> summary(String tenant, SummaryRange range) {
        return Uni.combine().all().unis(counts(tenant, range), reasons(tenant, range)).with((c, r) -> {
            boolean more = r.size() > MAX_REASONS;
            return new QuarantineSummary(range.from(), range.to(), range.zone().getId(), c.sources().stream()
                    .mapToLong(SourceRows::rows).sum(), c.sources(), more ? r.subList(0, MAX_REASONS) : r, more,
                    c.days());
        });
    }

    /** The rows per source (most first, then by name) and per local day (every day, zeros included). */
    private Uni<RowCounts> counts(String tenant, SummaryRange range) {
        List<LocalDate> days = range.days();
        Tuple args = Tuple.of(tenant, range.start(), range.end())
                .addArrayOfOffsetDateTime(range.dayStarts().toArray(OffsetDateTime[]::new));
        return pool.preparedQuery(BY_SOURCE_AND_DAY).execute(args).map(rows -> {
            List<SourceRows> sources = new ArrayList<>();
            long[] perDay = new long[days.size()];
            for (Row r : rows) {
                if (r.getBoolean("per_source")) {
                    sources.add(new SourceRows(r.getString("data_source"), r.getLong("n")));
                } else {
                    perDay[r.getInteger("day") - 1] = r.getLong("n");
                }
            }
            sources.sort(Comparator.comparingLong(SourceRows::rows).reversed().thenComparing(SourceRows::dataSource));
            List<DayRows> byDay = new ArrayList<>(days.size());
            for (int i = 0; i < days.size(); i++) {
                byDay.add(new DayRows(days.get(i), perDay[i]));
            }
            return new RowCounts(sources, byDay);
        });
    }

    /** The largest reason groups, one more than answered; their newest time at its offset in the range's zone. */
    private Uni<List<ReasonRows>> reasons(String tenant, SummaryRange range) {
        Tuple args = Tuple.of(tenant, range.start(), range.end(), MAX_REASONS + 1);
        return pool.preparedQuery(BY_REASON).execute(args).map(rows -> {
            List<ReasonRows> out = new ArrayList<>();
            for (Row r : rows) {
                OffsetDateTime last = r.getOffsetDateTime("last_received_at").atZoneSameInstant(range.zone())
                        .toOffsetDateTime();
                out.add(new ReasonRows(r.getString("data_source"), r.getString("field"), r.getString("reason"),
                        r.getLong("n"), last));
            }
            return out;
        });
    }

    private record RowCounts(List<SourceRows> sources, List<DayRows> days) {
    }
}
