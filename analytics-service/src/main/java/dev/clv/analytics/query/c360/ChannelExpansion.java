package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.CancellableQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Channel expansion, from each customer's interaction counts by channel: web-only customers (web interactions,
 * none in the app) are proposed the app, app-only ones the web. Always two rows, web → app then app → web: the
 * single-channel customers, their total and mean value, and for comparison the customers who use both channels and
 * their mean value.
 */
@Singleton
class ChannelExpansion {
    private static final String SQL = """
            SELECT count(*) FILTER (WHERE web_interactions > 0 AND app_interactions = 0) AS web_only,
              coalesce(sum(net_revenue) FILTER (WHERE web_interactions > 0 AND app_interactions = 0), 0) AS web_only_ltv,
              count(*) FILTER (WHERE app_interactions > 0 AND web_interactions = 0) AS app_only,
              coalesce(sum(net_revenue) FILTER (WHERE app_interactions > 0 AND web_interactions = 0), 0) AS app_only_ltv,
              count(*) FILTER (WHERE app_interactions > 0 AND web_interactions > 0) AS both_channels,
              coalesce(sum(net_revenue) FILTER (WHERE app_interactions > 0 AND web_interactions > 0), 0) AS both_ltv
            FROM analytics.customer_metrics WHERE tenant_id = $1
            """;
    private final Pool pool;

    ChannelExpansion(Pool pool) {
        this.pool = pool;
    }

    Uni<List<Map<String, Object>>> rows(String tenant) {
        return CancellableQuery.execute(pool, SQL, Tuple.of(tenant)).map(rows -> {
            Row r = rows.iterator().next();
            long both = r.getLong("both_channels");
            BigDecimal bothAvg = mean(r.getBigDecimal("both_ltv"), both);
            return List.of(row("web", "app", r.getLong("web_only"), r.getBigDecimal("web_only_ltv"), both, bothAvg),
                    row("app", "web", r.getLong("app_only"), r.getBigDecimal("app_only_ltv"), both, bothAvg));
        });
    }

    private static Map<String, Object> row(String from, String to, long customers, BigDecimal total, long both,
            BigDecimal bothAvg) {
        Map<String, Object> v = CrossSellOpportunities.row("channel_expansion", from, to, customers);
        v.put("total_ltv", total);
        v.put("avg_ltv", mean(total, customers));
        v.put("omnichannel_customers", both);
        v.put("omnichannel_avg_ltv", bothAvg);
        return v;
    }

    private static BigDecimal mean(BigDecimal total, long n) {
        return n == 0 ? null : total.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
    }
}
