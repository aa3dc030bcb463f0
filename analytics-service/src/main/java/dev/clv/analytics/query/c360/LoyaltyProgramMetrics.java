package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * marketing/loyalty-program-metrics: per loyalty tier ("none" without one): customers, mean value, purchases and
 * order value, the share Active, mean satisfaction and health.
 */
@Singleton
public class LoyaltyProgramMetrics extends SqlInsight {
    public LoyaltyProgramMetrics(Pool pool) {
        super(pool, "marketing/loyalty-program-metrics", """
                WITH h AS (%s)
                SELECT coalesce(c.loyalty_tier, 'none') AS loyalty_tier, count(*) AS customers,
                  round(avg(h.net_revenue), 2) AS avg_ltv, sum(h.net_revenue) AS total_ltv,
                  round(avg(h.purchase_count), 2) AS avg_purchases,
                  round(sum(h.gross_revenue) / nullif(sum(h.purchase_count), 0), 2) AS avg_order_value,
                  round(count(*) FILTER (WHERE h.status = 'Active')::numeric / count(*), 4) AS active_share,
                  round(sum(h.satisfaction_sum)::numeric / nullif(sum(h.satisfaction_count), 0), 2) AS avg_satisfaction,
                  round(avg(h.health_score), 2) AS avg_health_score
                FROM h LEFT JOIN analytics.customers c ON c.tenant_id = $1 AND c.customer_id = h.customer_id
                GROUP BY 1 ORDER BY avg_ltv DESC, 1
                """.formatted(CustomerHealth.BASE));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }
}
