package dev.clv.analytics.query.report;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * retention: per period, distinct buyers (active_customers), those whose first purchase ever falls in the period
 * (new_buyers), the rest (returning_customers), and of the previous period's buyers how many bought again
 * (retained_customers, retention_rate = retained / previous_active, 4 decimals). The previous period of the first
 * one is read in full. Distinct buyers per local period are not summable from rollups, so this reads purchase
 * times and customer ids of the window from a covering index (never the transactions table itself).
 */
@ApplicationScoped
public class RetentionReport implements Report {
    private static final String SQL = """
            WITH buys AS (
              SELECT DISTINCT t.customer_id, date_trunc($5, t.transaction_date AT TIME ZONE $4)::date AS period
              FROM analytics.transactions t
              WHERE t.tenant_id = $1 AND NOT t.is_refund AND t.transaction_date >= $2 AND t.transaction_date < $3
                AND NOT (t.transaction_date >= $6 AND t.transaction_date < $7)
            )
            SELECT b.period, count(*) AS active, count(p.customer_id) AS retained,
              count(*) FILTER (WHERE date_trunc($5, m.first_purchase_at AT TIME ZONE $4)::date = b.period) AS new_buyers
            FROM buys b
            LEFT JOIN buys p ON p.customer_id = b.customer_id AND p.period = (b.period - $8::text::interval)::date
            JOIN analytics.customer_metrics m ON m.tenant_id = $1 AND m.customer_id = b.customer_id
            GROUP BY b.period
            """;
    private final Pool pool;

    public RetentionReport(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public Uni<ReportResult> run(String tenant, ReportParams params) {
        LocalDate first = params.periodOf(params.start());
        // the first period's predecessor in full, then the window; the part of the first period before start_date
        // is left out like every report leaves it out
        Tuple args = Tuple.of(tenant, utc(params.previous(first), params), params.to().atOffset(ZoneOffset.UTC),
                params.zone().getId()).addString(params.granularity()).addOffsetDateTime(utc(first, params))
                .addOffsetDateTime(params.from().atOffset(ZoneOffset.UTC))
                .addString(switch (params.granularity()) {
                    case "week" -> "7 days";
                    case "month" -> "1 month";
                    default -> "1 day";
                });
        return CancellableQuery.execute(pool, SQL, args).map(rows -> {
            Map<LocalDate, long[]> byPeriod = new HashMap<>();
            for (Row r : rows) {
                byPeriod.put(r.getLocalDate("period"), new long[]{r.getLong("active"), r.getLong("retained"),
                        r.getLong("new_buyers")});
            }
            // the counts come whole from SQL per period: nothing to accumulate
            PeriodRows<Void> periods = new PeriodRows<>(params, () -> null);
            return ReportResult.of(periods.rows((period, none) -> {
                long[] now = byPeriod.getOrDefault(period, new long[3]);
                long previous = byPeriod.getOrDefault(params.previous(period), new long[3])[0];
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("active_customers", now[0]);
                v.put("new_buyers", now[2]);
                v.put("returning_customers", now[0] - now[2]);
                v.put("previous_active", previous);
                v.put("retained_customers", now[1]);
                v.put("retention_rate", previous == 0
                        ? null
                        : BigDecimal.valueOf(now[1]).divide(BigDecimal.valueOf(previous), 4, RoundingMode.HALF_UP));
                return v;
            }));
        });
    }

    private static OffsetDateTime utc(LocalDate day, ReportParams params) {
        return day.atStartOfDay(params.zone()).toInstant().atOffset(ZoneOffset.UTC);
    }
}
