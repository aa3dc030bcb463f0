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
 * <li>health score 1.00–5.00, continuous (two decimals, half up) over the rules of the former whole-number score:
 * 1 + recency (2 up to 30 days, then down by 1/60 a day to 1 at 90, then by 1/90 a day to 0 at 180 and after, 0
 * without a purchase) + purchases (0.2 each, at most 1 from 5 on) + satisfaction (its mean minus 3, between −1 and
 * +1; 0 without a rating) − support (1/3 per contact, at most 1 from 3 on); clamped to 1–5. Each rule gives what
 * the whole-number score gave at its ends (30 days or less, 90, 180 or more; 5 purchases; a mean of 4 or more, 3, 2
 * or less; 3 contacts or more) and moves linearly between them instead of jumping.</li>
 * </ul>
 */
final class CustomerHealth {
    static final List<String> STATUSES = List.of("New", "Active", "At Risk", "Churned");

    private CustomerHealth() {
    }

    /**
     * The health score of customer_metrics {@code m} with recency {@code r.recency_days}: every rule in 180ths (the
     * common denominator of its steps), the satisfaction rule over the ratings' count, then one exact division, so
     * the two decimals are rounded once and never from a binary float.
     */
    private static final String HEALTH = """
            round(greatest(180 * k.g, least(900 * k.g,
                (180 + CASE WHEN r.recency_days IS NULL THEN 0 WHEN r.recency_days <= 30 THEN 360
                    WHEN r.recency_days <= 90 THEN 360 - 3 * (r.recency_days - 30)
                    WHEN r.recency_days <= 180 THEN 180 - 2 * (r.recency_days - 90) ELSE 0 END
                  + 36 * least(m.purchase_count, 5) - 60 * least(m.support_contacts, 3)) * k.g
                + 180 * greatest(-m.satisfaction_count, least(m.satisfaction_count,
                    m.satisfaction_sum - 3 * m.satisfaction_count))))::numeric / (180 * k.g), 2)""";

    /**
     * Every customer of tenant $1 with recency_days, tenure_days, status and health_score as of day $2; the
     * customer_metrics columns keep their names.
     */
    static final String BASE = """
            SELECT m.*, r.recency_days, r.tenure_days,
              CASE WHEN r.tenure_days <= 30 THEN 'New' WHEN r.recency_days <= 90 THEN 'Active'
                WHEN r.recency_days <= 180 OR (r.recency_days IS NULL AND r.tenure_days <= 180) THEN 'At Risk'
                ELSE 'Churned' END AS status,
              %s AS health_score
            FROM analytics.customer_metrics m,
              -- greatest() skips nulls: a customer who never bought must keep a null recency
              LATERAL (SELECT CASE WHEN m.last_purchase_at IS NOT NULL
                  THEN greatest(0, $2::date - (m.last_purchase_at AT TIME ZONE 'UTC')::date) END AS recency_days,
                $2::date - (m.registration_date AT TIME ZONE 'UTC')::date AS tenure_days) r,
              LATERAL (SELECT greatest(m.satisfaction_count, 1) AS g) k
            WHERE m.tenant_id = $1
            """.formatted(HEALTH);

    /**
     * The seed's risk_status of a status column: "CHURN RISK" (At Risk), "CHURNED" (Churned), else "HEALTHY".
     */
    static String riskStatus(String status) {
        return "CASE " + status + " WHEN 'At Risk' THEN 'CHURN RISK' WHEN 'Churned' THEN 'CHURNED' ELSE 'HEALTHY' END";
    }

    /**
     * The per-customer members of the seed's answers, in its order, over a page {@code p} of {@link #BASE} rows and
     * their customer row {@code c}: customer_name, customer_segment, loyalty_tier, total_spent (gross revenue: all
     * purchases, refunds not subtracted), risk_status, customer_status, customer_health_score.
     */
    static String seedMembers() {
        return "p.customer_id, c.name AS customer_name, p.segment AS customer_segment, c.loyalty_tier, "
                + "p.gross_revenue AS total_spent, " + riskStatus("p.status") + " AS risk_status, "
                + "p.status AS customer_status, p.health_score AS customer_health_score";
    }

    static LocalDate referenceDate(AnswerParams params) {
        LocalDate day = params.date("reference_date");
        return day == null ? LocalDate.now(ZoneOffset.UTC) : day;
    }
}
