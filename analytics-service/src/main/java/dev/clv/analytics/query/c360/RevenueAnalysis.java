package dev.clv.analytics.query.c360;

import java.time.LocalDate;
import java.util.Set;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * finance/revenue-analysis: gross revenue, refunds, net revenue, orders and buyers per segment and UTC month,
 * quarter or year (granularity, default month), from the per-customer month rollup; start_date and end_date pick
 * the months that hold them. Amounts are as sent (the reports convert currencies; this does not). The seed's
 * total_revenue (= net_revenue), customer_count (= buyers) and customer_segment (= segment) are added.
 */
@Singleton
public class RevenueAnalysis extends SqlInsight {
    private static final String SQL = """
            SELECT date_trunc($4, mo.month)::date AS period, coalesce(m.segment, 'unknown') AS segment,
              sum(mo.gross_revenue) AS gross_revenue, sum(mo.refund_total) AS refunds,
              sum(mo.net_revenue) AS net_revenue, sum(mo.purchases) AS orders, %1$s AS buyers,
              -- the seed's names: total_revenue is net revenue (as total_ltv elsewhere), customer_count the buyers
              sum(mo.net_revenue) AS total_revenue, %1$s AS customer_count
            FROM analytics.customer_months mo
            JOIN analytics.customer_metrics m ON m.tenant_id = mo.tenant_id AND m.customer_id = mo.customer_id
            WHERE mo.tenant_id = $1 AND ($2::date IS NULL OR mo.month >= date_trunc('month', $2::date))
              AND ($3::date IS NULL OR mo.month <= $3::date)
            GROUP BY 1, 2 ORDER BY 1, 2
            """;
    // a month has one row per customer; a quarter or a year counts a customer who bought in several months once,
    // which costs a distinct count (about three times the month answer's time at a million customers)
    private static final String BY_MONTH = SQL.formatted("count(*) FILTER (WHERE mo.purchases > 0)");
    private static final String BY_LONGER = SQL.formatted(
            "count(DISTINCT mo.customer_id) FILTER (WHERE mo.purchases > 0)");

    public RevenueAnalysis(Pool pool) {
        super(pool, "finance/revenue-analysis", BY_MONTH);
    }

    @Override
    String sql(AnswerParams params) {
        String granularity = params.oneOf("granularity", Set.of("month", "quarter", "year"));
        return granularity == null || granularity.equals("month") ? BY_MONTH : BY_LONGER;
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        LocalDate[] range = params.range();
        String granularity = params.oneOf("granularity", Set.of("month", "quarter", "year"));
        return Tuple.of(tenant, range[0], range[1], granularity == null ? "month" : granularity);
    }
}
