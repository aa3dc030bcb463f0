package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.AnswerParams;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** marketing/customer-health-overview: per status (all four, empty ones too) customers, share, health and value. */
@Singleton
public class HealthOverview extends SqlInsight {
    public HealthOverview(Pool pool) {
        super(pool, "marketing/customer-health-overview", """
                WITH h AS (%s)
                SELECT status, count(*) AS customers, round(avg(health_score), 2) AS avg_health_score,
                  sum(net_revenue) AS total_ltv, round(avg(net_revenue), 2) AS avg_ltv
                FROM h GROUP BY status
                """.formatted(CustomerHealth.BASE));
    }

    @Override
    Tuple args(String tenant, AnswerParams params) {
        return Tuple.of(tenant, CustomerHealth.referenceDate(params));
    }

    @Override
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        long total = rows.stream().mapToLong(r -> (Long) r.get("customers")).sum();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String status : CustomerHealth.STATUSES) {
            Map<String, Object> row = rows.stream().filter(r -> status.equals(r.get("status"))).findFirst()
                    .orElse(null);
            Map<String, Object> v = new LinkedHashMap<>();
            long customers = row == null ? 0 : (Long) row.get("customers");
            v.put("status", status);
            v.put("customers", customers);
            v.put("share", total == 0
                    ? BigDecimal.ZERO
                    : BigDecimal.valueOf(customers).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP));
            v.put("avg_health_score", row == null ? null : row.get("avg_health_score"));
            v.put("total_ltv", row == null ? BigDecimal.ZERO : row.get("total_ltv"));
            v.put("avg_ltv", row == null ? null : row.get("avg_ltv"));
            out.add(v);
        }
        return Result.of(out);
    }
}
