package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.CancellableQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Category cross-sell: for each ordered pair of categories (A bought, B suggested), customers who bought both,
 * confidence = both / buyers of A, lift = confidence / (buyers of B / all buyers), and the opportunity: buyers of A
 * who never bought B. Pairs bought together by fewer than min_customers are left out; highest lift first.
 */
@Singleton
class CategoryPairs {
    // Pairs are counted per basket kind (a set of categories), not per customer: customers with the same categories
    // are grouped first, so the self-join expands each distinct basket once with its number of customers. Baskets
    // repeat a lot (the benchmark's 850,230 buyers over five categories fall into 31 kinds), which turns millions of
    // per-customer pairs into a few hundred; with every basket distinct it is the per-customer join again.
    private static final String SQL = """
            WITH baskets AS (
              SELECT array_agg(category ORDER BY category) AS categories FROM analytics.customer_categories
              WHERE tenant_id = $1 AND purchases > 0 GROUP BY customer_id
            ), kinds AS (
              SELECT categories, count(*) AS customers FROM baskets GROUP BY categories
            ), buyers AS (
              SELECT c AS category, sum(k.customers)::bigint AS n FROM kinds k CROSS JOIN LATERAL unnest(k.categories) c
              GROUP BY c
            ), everyone AS (
              SELECT coalesce(sum(customers), 0)::bigint AS n FROM kinds
            ), pairs AS (
              SELECT a AS from_category, b AS to_category, sum(k.customers)::bigint AS both_customers
              FROM kinds k CROSS JOIN LATERAL unnest(k.categories) a CROSS JOIN LATERAL unnest(k.categories) b
              WHERE a <> b GROUP BY a, b HAVING sum(k.customers) >= $2
            )
            -- ranked and cut here, so that only the answer's rows ever leave the database, however many
            -- category pairs a tenant has
            SELECT p.from_category, p.to_category, p.both_customers, f.n AS from_buyers, t.n AS to_buyers,
              e.n AS all_buyers
            FROM pairs p JOIN buyers f ON f.category = p.from_category JOIN buyers t ON t.category = p.to_category
            CROSS JOIN everyone e
            ORDER BY round(p.both_customers::numeric * e.n / (f.n * t.n), 4) DESC, p.from_category, p.to_category
            LIMIT $3
            """;
    private final Pool pool;

    CategoryPairs(Pool pool) {
        this.pool = pool;
    }

    Uni<List<Map<String, Object>>> rows(String tenant, long minCustomers, int limit) {
        return CancellableQuery.execute(pool, SQL, Tuple.of(tenant, minCustomers, limit)).map(rows -> {
            List<Map<String, Object>> out = new ArrayList<>(rows.size());
            for (Map<String, Object> r : SqlRows.maps(rows)) {
                long both = (Long) r.get("both_customers");
                long from = (Long) r.get("from_buyers");
                long to = (Long) r.get("to_buyers");
                long all = (Long) r.get("all_buyers");
                BigDecimal confidence = BigDecimal.valueOf(both).divide(BigDecimal.valueOf(from),
                        MathContext.DECIMAL128);
                // one division, as the query ranks them: both × all / (from × to)
                BigDecimal lift = BigDecimal.valueOf(both).multiply(BigDecimal.valueOf(all)).divide(BigDecimal
                        .valueOf(from).multiply(BigDecimal.valueOf(to)), MathContext.DECIMAL128);
                Map<String, Object> v = CrossSellOpportunities.row("category_pair", r.get("from_category"),
                        r.get("to_category"), from - both);
                v.put("from_category", r.get("from_category"));
                v.put("to_category", r.get("to_category"));
                v.put("customers_with_both", both);
                v.put("confidence", confidence.setScale(4, RoundingMode.HALF_UP));
                v.put("lift", lift.setScale(4, RoundingMode.HALF_UP));
                v.put("opportunity_customers", from - both);
                out.add(v);
            }
            return out;
        });
    }
}
