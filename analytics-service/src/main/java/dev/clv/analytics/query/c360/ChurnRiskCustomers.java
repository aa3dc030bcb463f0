package dev.clv.analytics.query.c360;

import java.math.BigDecimal;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * marketing/churn-risk-customers: At Risk (churn_risk medium) and Churned (high) customers worth at least
 * min_lifetime_value, most valuable first, with the model's P(alive) when scored.
 */
@Singleton
public class ChurnRiskCustomers extends SqlInsight {
    public ChurnRiskCustomers(Pool pool) {
        super(pool, "marketing/churn-risk-customers",
                """
                        WITH h AS (%s)
                        SELECT h.customer_id, h.status, CASE h.status WHEN 'Churned' THEN 'high' ELSE 'medium' END AS churn_risk,
                          h.net_revenue AS lifetime_value, h.purchase_count, h.last_purchase_at, h.recency_days,
                          h.health_score, h.segment, h.country, s.p_alive
                        FROM h LEFT JOIN analytics.customer_scores s ON s.tenant_id = $1 AND s.customer_id = h.customer_id
                        WHERE h.status IN ('At Risk', 'Churned') AND h.net_revenue >= $3
                        ORDER BY h.net_revenue DESC, h.customer_id LIMIT $4
                        """
                        .formatted(CustomerHealth.BASE));
    }

    // an index range read of at most a page: cheap, never held back by the whole-tenant permits
    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        BigDecimal min = params.decimal("min_lifetime_value");
        return Tuple.of(tenant, CustomerHealth.referenceDate(params), Numeric.create(min == null
                ? BigDecimal.ZERO
                : min), params.limit(100));
    }
}
