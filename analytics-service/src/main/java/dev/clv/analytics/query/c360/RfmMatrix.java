package dev.clv.analytics.query.c360;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.rfm.RfmSegments;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * finance/rfm-segmentation: the RFM matrix over every customer who has bought, all time, recency to
 * reference_date: per (R, F) cell, its segment, customers, mean recency, frequency and monetary value, total
 * monetary value. Scores and segments are those of the customer_segmentation pipe.
 */
@Singleton
public class RfmMatrix extends SqlInsight {
    public RfmMatrix(Pool pool) {
        super(pool, "finance/rfm-segmentation", """
                WITH base AS (
                  SELECT m.customer_id, (m.last_purchase_at AT TIME ZONE 'UTC')::date AS last_day,
                    m.purchase_count AS frequency, m.net_revenue AS monetary
                  FROM analytics.customer_metrics m WHERE m.tenant_id = $1 AND m.purchase_count > 0
                ), cut AS (
                  SELECT %s AS r, %s AS f FROM base
                ), scored AS (
                  SELECT base.*, %s AS r, %s AS f FROM base, cut c
                )
                SELECT r AS r_score, f AS f_score, %s AS segment, count(*) AS customers,
                  round(avg(greatest(0, $2::date - last_day)), 1) AS avg_recency_days,
                  round(avg(frequency), 2) AS avg_frequency, round(avg(monetary), 2) AS avg_monetary,
                  sum(monetary) AS total_monetary
                FROM scored GROUP BY r, f ORDER BY r DESC, f DESC
                """.formatted(RfmSegments.cuts("last_day"), RfmSegments.cuts("frequency"),
                RfmSegments.score("last_day", "c.r"), RfmSegments.score("frequency", "c.f"),
                RfmSegments.segment("r", "f")));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }
}
