package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.report.ReportingConfig;
import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * finance/profitability-metrics: per category, net revenue (gross − refunded), cost, gross margin and margin %. Cost
 * is the product's unit cost × units kept (purchases − refunds) where the product and its cost are known, and
 * otherwise the cost model: net revenue × cost_ratio (parameter, default from configuration). cost_known_share
 * says how much of the revenue was costed from products. A total row comes last.
 */
@Singleton
public class ProfitabilityMetrics extends SqlInsight {
    private final ReportingConfig config;

    public ProfitabilityMetrics(Pool pool, ReportingConfig config) {
        super(pool, "finance/profitability-metrics", """
                WITH known AS (
                  SELECT s.category, sum(s.gross_revenue - s.refund_total) AS revenue,
                    sum(p.cost * (s.purchases - s.refunds)) AS cost
                  FROM analytics.product_sales s
                  JOIN analytics.products p ON p.tenant_id = s.tenant_id AND p.product_id = s.product_id
                  WHERE s.tenant_id = $1 AND p.cost IS NOT NULL GROUP BY s.category
                ), revenue AS (
                  SELECT category, sum(gross_revenue - refund_total) AS revenue FROM analytics.customer_categories
                  WHERE tenant_id = $1 GROUP BY category
                )
                SELECT r.category, r.revenue AS net_revenue, coalesce(k.revenue, 0) AS known_revenue,
                  coalesce(k.cost, 0) + (r.revenue - coalesce(k.revenue, 0)) * $2 AS cost
                FROM revenue r LEFT JOIN known k USING (category) ORDER BY r.revenue DESC, r.category
                """);
        this.config = config;
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        BigDecimal ratio = params.decimal("cost_ratio");
        if (ratio != null && (ratio.signum() < 0 || ratio.compareTo(BigDecimal.ONE) > 0)) {
            throw dev.clv.contracts.problem.ProblemException.badRequest("cost_ratio", "must be between 0 and 1");
        }
        return Tuple.of(tenant, Numeric.create(ratio == null ? config.costRatio() : ratio));
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        List<Map<String, Object>> out = new ArrayList<>();
        BigDecimal[] total = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (Map<String, Object> r : rows) {
            BigDecimal revenue = (BigDecimal) r.get("net_revenue");
            BigDecimal known = (BigDecimal) r.get("known_revenue");
            BigDecimal cost = (BigDecimal) r.get("cost");
            out.add(line((String) r.get("category"), revenue, known, cost));
            total[0] = total[0].add(revenue);
            total[1] = total[1].add(known);
            total[2] = total[2].add(cost);
        }
        out.add(line("total", total[0], total[1], total[2]));
        return Result.of(out);
    }

    private static Map<String, Object> line(String category, BigDecimal revenue, BigDecimal known, BigDecimal cost) {
        Map<String, Object> v = new LinkedHashMap<>();
        BigDecimal margin = revenue.subtract(cost);
        v.put("category", category);
        v.put("net_revenue", revenue.setScale(2, RoundingMode.HALF_UP));
        v.put("cost", cost.setScale(2, RoundingMode.HALF_UP));
        v.put("gross_margin", margin.setScale(2, RoundingMode.HALF_UP));
        v.put("margin_pct", revenue.signum() == 0
                ? null
                : margin.multiply(BigDecimal.valueOf(100)).divide(revenue,
                        2, RoundingMode.HALF_UP));
        v.put("cost_known_share", revenue.signum() == 0 ? null : known.divide(revenue, 4, RoundingMode.HALF_UP));
        return v;
    }
}
