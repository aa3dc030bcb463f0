package dev.clv.analytics.query.c360;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import dev.clv.analytics.query.answer.AnswerParams;

/**
 * Lifecycle status and health score, the same in every Customer 360 answer, relative to {@code reference_date}
 * (UTC day, today by default; aggregates are all-time, so a past date only moves "now"):
 * <ul>
 * <li>status: <b>New</b> registered in the last 30 days; else <b>Active</b> bought in the last 90 days; else <b>At
 * Risk</b> last bought 91–180 days ago, or never bought and registered at most 180 days ago; else <b>Churned</b>.</li>
 * <li>health score 1–5: 1, +2 if bought in the last 30 days (+1 if in the last 90), +1 for 5 or more purchases, +1
 * if mean satisfaction is 4 or more (−1 if below 3), −1 for 3 or more support contacts; clamped to 1–5.</li>
 * </ul>
 */
final class CustomerHealth {
    static final List<String> STATUSES = List.of("New", "Active", "At Risk", "Churned");

    private CustomerHealth() {
    }

    /**
     * Every customer of tenant $1 with recency_days, tenure_days, status and health_score as of day $2; the
     * customer_metrics columns keep their names.
     */
    static final String BASE = """
            SELECT m.*, r.recency_days, r.tenure_days,
              CASE WHEN r.tenure_days <= 30 THEN 'New' WHEN r.recency_days <= 90 THEN 'Active'
                WHEN r.recency_days <= 180 OR (r.recency_days IS NULL AND r.tenure_days <= 180) THEN 'At Risk'
                ELSE 'Churned' END AS status,
              greatest(1, least(5, 1 + CASE WHEN r.recency_days <= 30 THEN 2 WHEN r.recency_days <= 90 THEN 1 ELSE 0 END
                + CASE WHEN m.purchase_count >= 5 THEN 1 ELSE 0 END
                + CASE WHEN m.satisfaction_count = 0 THEN 0 WHEN m.satisfaction_sum >= 4 * m.satisfaction_count THEN 1
                    WHEN m.satisfaction_sum < 3 * m.satisfaction_count THEN -1 ELSE 0 END
                - CASE WHEN m.support_contacts >= 3 THEN 1 ELSE 0 END)) AS health_score
            FROM analytics.customer_metrics m,
              -- greatest() skips nulls: a customer who never bought must keep a null recency
              LATERAL (SELECT CASE WHEN m.last_purchase_at IS NOT NULL
                  THEN greatest(0, $2::date - (m.last_purchase_at AT TIME ZONE 'UTC')::date) END AS recency_days,
                $2::date - (m.registration_date AT TIME ZONE 'UTC')::date AS tenure_days) r
            WHERE m.tenant_id = $1
            """;

    static LocalDate referenceDate(AnswerParams params) {
        LocalDate day = params.date("reference_date");
        return day == null ? LocalDate.now(ZoneOffset.UTC) : day;
    }
}
