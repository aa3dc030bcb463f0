package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * product/category-insights: per product category ("uncategorized" without one): buyers, repeat buyers (two or
 * more purchases in it), purchases, gross and net revenue, refunds, refund rate (refunds / purchases), average
 * order value and share of all net revenue.
 */
@Singleton
public class CategoryInsights extends SqlInsight {
    public CategoryInsights(Pool pool) {
        super(pool, "product/category-insights",
                """
                        SELECT category, count(*) FILTER (WHERE purchases > 0) AS buyers,
                          count(*) FILTER (WHERE purchases >= 2) AS repeat_buyers, sum(purchases) AS purchases,
                          sum(gross_revenue) AS gross_revenue, sum(refunds) AS refunds, sum(refund_total) AS refund_total,
                          sum(gross_revenue - refund_total) AS net_revenue,
                          round(sum(refunds)::numeric / nullif(sum(purchases), 0), 4) AS refund_rate,
                          round(sum(gross_revenue) / nullif(sum(purchases), 0), 2) AS avg_order_value,
                          round(sum(gross_revenue - refund_total) / nullif(sum(sum(gross_revenue - refund_total)) OVER (), 0), 4)
                            AS revenue_share
                        FROM analytics.customer_categories WHERE tenant_id = $1
                        GROUP BY category ORDER BY net_revenue DESC, category
                        """);
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant);
    }
}
