package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * marketing/churn-risk-customers: At Risk (churn_risk medium, risk_status "CHURN RISK") and Churned (high,
 * "CHURNED") customers worth at least min_lifetime_value, most valuable first, with the seed's members
 * ({@link CustomerHealth#seedMembers}) and the model's P(alive) when scored.
 */
@Singleton
public class ChurnRiskCustomers extends SqlInsight {
    public ChurnRiskCustomers(Pool pool) {
        super(pool, "marketing/churn-risk-customers", """
                WITH h AS (%s), p AS (
                  SELECT * FROM h WHERE h.status IN ('At Risk', 'Churned') AND h.net_revenue >= $3
                  ORDER BY h.net_revenue DESC, h.customer_id LIMIT $4
                )
                -- only the page's customers are joined to their profile and score
                SELECT %s, p.status, CASE p.status WHEN 'Churned' THEN 'high' ELSE 'medium' END AS churn_risk,
                  p.net_revenue AS lifetime_value, p.purchase_count, p.last_purchase_at, p.recency_days,
                  p.health_score, p.segment, p.country, s.p_alive
                FROM p LEFT JOIN analytics.customers c ON c.tenant_id = $1 AND c.customer_id = p.customer_id
                LEFT JOIN analytics.customer_scores s ON s.tenant_id = $1 AND s.customer_id = p.customer_id
                ORDER BY p.net_revenue DESC, p.customer_id
                """.formatted(CustomerHealth.BASE, CustomerHealth.seedMembers()));
    }

    // an index range read of at most a page: cheap, never held back by the whole-tenant permits
    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        return Result.of(SqlRows.keepingNulls(rows));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        BigDecimal min = params.decimal("min_lifetime_value");
        return Tuple.of(tenant, CustomerHealth.referenceDate(params), Numeric.create(min == null
                ? BigDecimal.ZERO
                : min), params.limit(100));
    }
}
