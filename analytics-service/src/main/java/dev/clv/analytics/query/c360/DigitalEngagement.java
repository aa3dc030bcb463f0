package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * product/digital-engagement-analysis: app versus web use per generation, the birth year taken as the reference
 * year minus age: Gen Z from 1997, Millennials 1981–1996, Gen X 1965–1980, Baby Boomers 1946–1964, Silent before,
 * "unknown" without an age. app_share is app / (app + web) interactions.
 */
@Singleton
public class DigitalEngagement extends SqlInsight {
    public DigitalEngagement(Pool pool) {
        super(pool, "product/digital-engagement-analysis", """
                WITH g AS (
                  SELECT m.*, CASE WHEN c.age IS NULL THEN 'unknown'
                      WHEN date_part('year', $2::date) - c.age >= 1997 THEN 'Gen Z'
                      WHEN date_part('year', $2::date) - c.age >= 1981 THEN 'Millennials'
                      WHEN date_part('year', $2::date) - c.age >= 1965 THEN 'Gen X'
                      WHEN date_part('year', $2::date) - c.age >= 1946 THEN 'Baby Boomers'
                      ELSE 'Silent' END AS generation
                  FROM analytics.customer_metrics m
                  LEFT JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
                  WHERE m.tenant_id = $1
                )
                SELECT generation, count(*) AS customers, sum(app_interactions) AS app_interactions,
                  sum(web_interactions) AS web_interactions,
                  round(sum(app_interactions)::numeric / nullif(sum(app_interactions + web_interactions), 0), 4)
                    AS app_share,
                  count(*) FILTER (WHERE app_interactions > 0) AS app_users,
                  count(*) FILTER (WHERE web_interactions > 0) AS web_users,
                  round(avg(net_revenue), 2) AS avg_ltv
                FROM g GROUP BY generation ORDER BY customers DESC, generation
                """);
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }
}
