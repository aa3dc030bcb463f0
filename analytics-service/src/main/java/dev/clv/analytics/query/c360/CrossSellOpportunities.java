package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * product/cross-sell-opportunities: for each ordered pair of categories (A bought, B suggested), customers who
 * bought both, confidence = both / buyers of A, lift = confidence / (buyers of B / all buyers), and the opportunity:
 * buyers of A who never bought B. Pairs bought together by fewer than min_customers (default 5) are left out;
 * highest lift first.
 */
@Singleton
public class CrossSellOpportunities extends SqlInsight {
    public CrossSellOpportunities(Pool pool) {
        super(pool, "product/cross-sell-opportunities", """
                WITH bought AS (
                  SELECT customer_id, category FROM analytics.customer_categories WHERE tenant_id = $1 AND purchases > 0
                ), buyers AS (
                  SELECT category, count(*) AS n FROM bought GROUP BY category
                )
                SELECT a.category AS from_category, b.category AS to_category, count(*) AS both_customers,
                  (SELECT n FROM buyers WHERE buyers.category = a.category) AS from_buyers,
                  (SELECT n FROM buyers WHERE buyers.category = b.category) AS to_buyers,
                  (SELECT count(DISTINCT customer_id) FROM bought) AS all_buyers
                FROM bought a JOIN bought b ON b.customer_id = a.customer_id AND b.category <> a.category
                GROUP BY a.category, b.category HAVING count(*) >= $2
                """);
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        params.limit(50); // validated before the query runs
        return Tuple.of(tenant, (long) params.integer("min_customers", 5, 1, Integer.MAX_VALUE));
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows) {
            long both = (Long) r.get("both_customers");
            long from = (Long) r.get("from_buyers");
            long to = (Long) r.get("to_buyers");
            long all = (Long) r.get("all_buyers");
            BigDecimal confidence = BigDecimal.valueOf(both).divide(BigDecimal.valueOf(from), MathContext.DECIMAL64);
            BigDecimal lift = confidence.multiply(BigDecimal.valueOf(all)).divide(BigDecimal.valueOf(to),
                    MathContext.DECIMAL64);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("from_category", r.get("from_category"));
            v.put("to_category", r.get("to_category"));
            v.put("customers_with_both", both);
            v.put("confidence", confidence.setScale(4, RoundingMode.HALF_UP));
            v.put("lift", lift.setScale(4, RoundingMode.HALF_UP));
            v.put("opportunity_customers", from - both);
            out.add(v);
        }
        out.sort(Comparator.comparing((Map<String, Object> v) -> (BigDecimal) v.get("lift")).reversed()
                .thenComparing(v -> (String) v.get("from_category")).thenComparing(v -> (String) v.get("to_category")));
        int limit = params.limit(50);
        return Result.of(out.size() > limit ? out.subList(0, limit) : out);
    }
}
