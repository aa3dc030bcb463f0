package dev.clv.analytics.query.c360;

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

/**
 * analytics/customer-profiles: customers with their status and health score, filtered by customer_status
 * (repeatable: any of them) and min_health_score, in customer id order, cursor-paged (limit 1..1000, default 100).
 */
@Singleton
public class CustomerProfiles extends SqlInsight {
    private static final String ORDERING = "profiles";

    public CustomerProfiles(Pool pool) {
        super(pool, "analytics/customer-profiles", """
                WITH h AS (%s AND ($5::text IS NULL OR m.customer_id > $5))
                SELECT customer_id, status, health_score, recency_days, tenure_days, registration_date, country,
                  segment, acquisition_source, net_revenue AS ltv, purchase_count, last_purchase_at, interaction_count,
                  round(satisfaction_sum::numeric / nullif(satisfaction_count, 0), 2) AS avg_satisfaction,
                  support_contacts
                FROM h WHERE ($3::text[] IS NULL OR status = ANY($3)) AND health_score >= $4
                ORDER BY customer_id LIMIT $6
                """.formatted(CustomerHealth.BASE));
    }

    // an index range read of at most a page: cheap, never held back by the whole-tenant permits
    @Override
    public boolean heavy() {
        return false;
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        List<String> statuses = params.query().get("customer_status");
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        if (statuses != null) {
            for (String s : statuses) {
                if (!CustomerHealth.STATUSES.contains(s)) {
                    throw ProblemException.badRequest("customer_status", "must be one of " + CustomerHealth.STATUSES
                            + ", got '" + s + "'");
                }
                wanted.add(s);
            }
        }
        List<String> after = Cursor.decode(params.query().getFirst("cursor"), ORDERING, 1);
        return Tuple.of(tenant, CustomerHealth.referenceDate(params), wanted.isEmpty()
                ? null
                : wanted.toArray(String[]::new)).addInteger(params.integer("min_health_score", 1, 1, 5))
                .addString(after == null ? null : after.get(0)).addInteger(params.integer("limit", 100, 1, 1000) + 1);
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        int limit = params.integer("limit", 100, 1, 1000);
        if (rows.size() <= limit) {
            return Result.of(rows);
        }
        List<Map<String, Object>> page = new ArrayList<>(rows.subList(0, limit));
        String next = new Cursor(ORDERING, List.of((String) page.get(limit - 1).get("customer_id"))).encode();
        return new Result(page, page.size(), next);
    }
}
