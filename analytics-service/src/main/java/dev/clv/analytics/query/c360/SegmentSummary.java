package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * marketing/customer-segmentation: per customer segment attribute ("unknown" without one): customers, value,
 * purchases, order value, share of all net revenue and the share Active.
 */
@Singleton
public class SegmentSummary extends SqlInsight {
    public SegmentSummary(Pool pool) {
        super(pool, "marketing/customer-segmentation",
                """
                        WITH h AS (%s)
                        SELECT coalesce(h.segment, 'unknown') AS segment, count(*) AS customers, sum(h.net_revenue) AS total_ltv,
                          round(avg(h.net_revenue), 2) AS avg_ltv, round(avg(h.purchase_count), 2) AS avg_purchases,
                          round(sum(h.gross_revenue) / nullif(sum(h.purchase_count), 0), 2) AS avg_order_value,
                          round(sum(h.net_revenue) / nullif(sum(sum(h.net_revenue)) OVER (), 0), 4) AS revenue_share,
                          round(count(*) FILTER (WHERE h.status = 'Active')::numeric / count(*), 4) AS active_share
                        FROM h GROUP BY 1 ORDER BY total_ltv DESC, 1
                        """
                        .formatted(CustomerHealth.BASE));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }
}
