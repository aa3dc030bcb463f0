package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * customer-success/support-insights: customers grouped by how often they contacted support (0, 1–2, 3–5, 6+):
 * customers, contacts, mean satisfaction of their rated interactions, mean value, mean health and the share
 * Churned, so that support load can be read against value and churn.
 */
@Singleton
public class SupportInsights extends SqlInsight {
    public SupportInsights(Pool pool) {
        super(pool, "customer-success/support-insights", """
                WITH h AS (%s)
                SELECT CASE WHEN support_contacts = 0 THEN '0' WHEN support_contacts <= 2 THEN '1-2'
                    WHEN support_contacts <= 5 THEN '3-5' ELSE '6+' END AS support_contacts,
                  count(*) AS customers, sum(h.support_contacts) AS contacts,
                  round(sum(satisfaction_sum)::numeric / nullif(sum(satisfaction_count), 0), 2) AS avg_satisfaction,
                  round(avg(net_revenue), 2) AS avg_ltv, round(avg(health_score), 2) AS avg_health_score,
                  round(count(*) FILTER (WHERE status = 'Churned')::numeric / count(*), 4) AS churned_share
                FROM h GROUP BY 1 ORDER BY min(h.support_contacts)
                """.formatted(CustomerHealth.BASE));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }
}
