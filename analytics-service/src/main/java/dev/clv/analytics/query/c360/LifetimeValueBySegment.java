package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * finance/customer-lifetime-value: per segment, customers, total, mean and exact median lifetime value (net
 * revenue), and the mean model-predicted CLV over the customers the prediction service has scored.
 */
@Singleton
public class LifetimeValueBySegment extends SqlInsight {
    public LifetimeValueBySegment(Pool pool) {
        super(pool, "finance/customer-lifetime-value", """
                SELECT coalesce(m.segment, 'unknown') AS segment, count(*) AS customers,
                  sum(m.net_revenue) AS total_ltv, round(avg(m.net_revenue), 2) AS avg_ltv,
                  round((percentile_disc(0.5) WITHIN GROUP (ORDER BY m.net_revenue)
                    + percentile_disc(0.5) WITHIN GROUP (ORDER BY m.net_revenue DESC)) / 2, 2) AS median_ltv,
                  count(s.customer_id) AS scored_customers, round(avg(s.predicted_clv), 2) AS avg_predicted_clv
                FROM analytics.customer_metrics m
                LEFT JOIN analytics.customer_scores s ON s.tenant_id = m.tenant_id AND s.customer_id = m.customer_id
                WHERE m.tenant_id = $1
                GROUP BY 1 ORDER BY total_ltv DESC, 1
                """);
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant);
    }
}
