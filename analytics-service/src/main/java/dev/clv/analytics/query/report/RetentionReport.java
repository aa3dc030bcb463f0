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
 * retention: per period, distinct buyers (active_customers), those whose first purchase ever falls in the period's
 * reported part (new_buyers), the rest (returning_customers), and of the previous period's buyers how many bought
 * again (retained_customers, retention_rate = retained / previous_active, 4 decimals). The previous period of the
 * first one is read in full. Distinct buyers per local period are not summable from finer rollups: in UTC by day
 * and by whole month the projection keeps them per period (buyer_days, buyer_months), otherwise they come from the
 * purchase times and customer ids of the window in a covering index (never the transactions table itself), a
 * buyer's previous period found by a window function rather than a join of the window's buyers with themselves.
 * New buyers are counted from the customers' first purchase times (an index) on every path (docs/analytics.md).
 */
@ApplicationScoped
public class RetentionReport implements Report {
    // customers whose first purchase ever is in the window, by period; $2..$3 the window, [$6, $7) its left-out part
    private static final String NEW_BUYERS = """
            news AS (
              SELECT date_trunc($5, m.first_purchase_at AT TIME ZONE $4)::date AS period, count(*) AS new_buyers
              FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND m.first_purchase_at >= $2 AND m.first_purchase_at < $3
                AND NOT (m.first_purchase_at >= $6 AND m.first_purchase_at < $7)
              GROUP BY 1
            )
            SELECT c.period, c.active, c.retained, coalesce(n.new_buyers, 0) AS new_buyers
            FROM counts c LEFT JOIN news n USING (period)
            """;
    // any zone and period: distinct (customer, period) of the window's purchases, each with the customer's previous
    // period among them (sorted in the C collation: only equality of ids matters here)
    private static final String ANY_ZONE = """
            WITH buys AS (
              SELECT DISTINCT t.customer_id COLLATE "C" AS customer_id,
                date_trunc($5, t.transaction_date AT TIME ZONE $4)::date AS period
              FROM analytics.transactions t
              WHERE t.tenant_id = $1 AND NOT t.is_refund AND t.transaction_date >= $2 AND t.transaction_date < $3
                AND NOT (t.transaction_date >= $6 AND t.transaction_date < $7)
            ), flagged AS (
              SELECT period, lag(period) OVER (PARTITION BY customer_id ORDER BY period) AS prev FROM buys
            ), counts AS (
              SELECT period, count(*) AS active,
                count(*) FILTER (WHERE prev = (period - $8::text::interval)::date) AS retained
              FROM flagged GROUP BY period
            ),
            """ + NEW_BUYERS;
    // UTC days, and UTC months of whole months: the buyer rollups hold each period's buyers and those retained
    // ($6..$8 name no left-out part and the step: referenced so that the statement takes the same eight parameters)
    private static final String UTC_DAYS = rollup("buyer_days", "day", "1 day");
    private static final String UTC_MONTHS = rollup("buyer_months", "month", "1 month");
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
        boolean utc = params.zone().getRules().isFixedOffset()
                && params.zone().getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0;
        boolean utcDays = utc && "day".equals(params.granularity());
        // whole months: no part of the first left out, and the window ends where a month starts
        boolean utcMonths = utc && "month".equals(params.granularity()) && params.start().getDayOfMonth() == 1
                && params.end().plusDays(1).getDayOfMonth() == 1;
        String sql = utcMonths ? UTC_MONTHS : utcDays ? UTC_DAYS : ANY_ZONE;
        return CancellableQuery.execute(pool, sql, args).map(rows -> {
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

    private static String rollup(String table, String column, String step) {
        return """
                WITH counts AS (
                  SELECT b.%2$s AS period, b.buyers AS active, b.retained FROM analytics.%1$s b
                  WHERE b.tenant_id = $1 AND b.%2$s >= ($2 AT TIME ZONE 'UTC')::date
                    AND b.%2$s < ($3 AT TIME ZONE 'UTC')::date AND $6::timestamptz = $7 AND $8::text = '%3$s'
                ),
                """.formatted(table, column, step) + NEW_BUYERS;
    }

    private static OffsetDateTime utc(LocalDate day, ReportParams params) {
        return day.atStartOfDay(params.zone()).toInstant().atOffset(ZoneOffset.UTC);
    }
}
