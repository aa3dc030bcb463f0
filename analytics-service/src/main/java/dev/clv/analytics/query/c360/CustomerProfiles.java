package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.customer.Cursor;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.contracts.problem.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * analytics/customer-profiles: customers with the seed's members ({@link CustomerHealth#seedMembers}), status,
 * health score, recency and aggregates, filtered by customer_status (repeatable or comma-separated: any of them)
 * and min_health_score (a decimal 1–5 on the continuous score), in customer id order, cursor-paged (limit 1..1000,
 * default 100).
 */
@Singleton
public class CustomerProfiles extends SqlInsight {
    private static final String ORDERING = "profiles";

    public CustomerProfiles(Pool pool) {
        super(pool, "analytics/customer-profiles", """
                WITH h AS (%s AND ($5::text IS NULL OR m.customer_id > $5)), p AS (
                  SELECT * FROM h WHERE ($3::text[] IS NULL OR status = ANY($3)) AND health_score >= $4
                  ORDER BY customer_id LIMIT $6
                )
                SELECT %s, p.status, p.health_score, p.recency_days, p.tenure_days, p.registration_date, p.country,
                  p.segment, p.acquisition_source, p.net_revenue AS ltv, p.purchase_count, p.last_purchase_at,
                  p.interaction_count, round(p.satisfaction_sum::numeric / nullif(p.satisfaction_count, 0), 2)
                    AS avg_satisfaction, p.support_contacts
                FROM p LEFT JOIN analytics.customers c ON c.tenant_id = $1 AND c.customer_id = p.customer_id
                ORDER BY p.customer_id
                """.formatted(CustomerHealth.BASE, CustomerHealth.seedMembers()));
    }

    // an index range read of at most a page: cheap, never held back by the whole-tenant permits
    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (String value : params.query().getOrDefault("customer_status", List.of())) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    wanted.add(status(s.strip()));
                }
            }
        }
        BigDecimal min = params.decimal("min_health_score");
        if (min != null && (min.compareTo(BigDecimal.ONE) < 0 || min.compareTo(BigDecimal.valueOf(5)) > 0)) {
            throw ProblemException.badRequest("min_health_score", "must be between 1 and 5, got " + min);
        }
        List<String> after = Cursor.decode(params.query().getFirst("cursor"), ORDERING, 1);
        return Tuple.of(tenant, CustomerHealth.referenceDate(params), wanted.isEmpty()
                ? null
                : wanted.toArray(String[]::new)).addValue(Numeric.create(min == null ? BigDecimal.ONE : min))
                .addString(after == null ? null : after.get(0)).addInteger(params.integer("limit", 100, 1, 1000) + 1);
    }

    // a status as written, in any case ("at risk" is At Risk)
    private static String status(String given) {
        return CustomerHealth.STATUSES.stream().filter(s -> s.equalsIgnoreCase(given)).findFirst().orElseThrow(
                () -> ProblemException.badRequest("customer_status", "must be one of " + CustomerHealth.STATUSES
                        + ", got '" + given + "'"));
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        int limit = params.integer("limit", 100, 1, 1000);
        if (rows.size() <= limit) {
            return Result.of(SqlRows.keepingNulls(rows));
        }
        List<Map<String, Object>> page = new ArrayList<>(rows.subList(0, limit));
        String next = new Cursor(ORDERING, List.of((String) page.get(limit - 1).get("customer_id"))).encode();
        return new Result(SqlRows.keepingNulls(page), page.size(), next);
    }
}
