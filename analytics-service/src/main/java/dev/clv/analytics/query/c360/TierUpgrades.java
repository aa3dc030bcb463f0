package dev.clv.analytics.query.c360;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.clv.analytics.query.answer.CancellableQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Loyalty tier upgrades: for each tier of the configured ladder ({@link CrossSellConfig}, "none" below the first)
 * that has members, the next tier up with at least min_customers members sets the spend threshold, the exact
 * median net revenue of its members; the customers of the lower tier with a purchase and at least that net revenue
 * are proposed the upgrade. One row per step with a tier above it: at most one per ladder tier.
 */
@Singleton
class TierUpgrades {
    private static final String SQL = """
            WITH t AS (
              SELECT m.customer_id, m.net_revenue, m.purchase_count,
                CASE WHEN c.loyalty_tier IS NULL OR lower(btrim(c.loyalty_tier)) IN ('', 'none') THEN 0
                  ELSE array_position($3::text[], lower(btrim(c.loyalty_tier))) END AS rank
              FROM analytics.customer_metrics m
              LEFT JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
              WHERE m.tenant_id = $1
            ), tiers AS (
              SELECT rank, count(*) AS members, (percentile_disc(0.5) WITHIN GROUP (ORDER BY net_revenue)
                + percentile_disc(0.5) WITHIN GROUP (ORDER BY net_revenue DESC)) / 2 AS median
              FROM t WHERE rank IS NOT NULL GROUP BY rank
            ), steps AS (
              SELECT f.rank AS from_rank, f.members AS from_members, (SELECT n.rank FROM tiers n
                WHERE n.rank > f.rank AND n.members >= $2 ORDER BY n.rank LIMIT 1) AS to_rank
              FROM tiers f
            )
            SELECT s.from_rank, s.from_members, s.to_rank, n.members AS to_members, n.median,
              count(t.customer_id) AS eligible, coalesce(sum(t.net_revenue), 0) AS eligible_ltv
            FROM steps s JOIN tiers n ON n.rank = s.to_rank
            LEFT JOIN t ON t.rank = s.from_rank AND t.purchase_count > 0 AND t.net_revenue >= n.median
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1
            """;
    private final Pool pool;
    private final List<String> ladder;

    TierUpgrades(Pool pool, CrossSellConfig config) {
        this.pool = pool;
        this.ladder = config.tiers().stream().map(t -> t.strip().toLowerCase()).toList();
    }

    Uni<List<Map<String, Object>>> rows(String tenant, long minCustomers) {
        Tuple args = Tuple.of(tenant, minCustomers).addArrayOfString(ladder.toArray(String[]::new));
        return CancellableQuery.execute(pool, SQL, args).map(rows -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Row r : rows) {
                long eligible = r.getLong("eligible");
                Map<String, Object> v = CrossSellOpportunities.row("tier_upgrade", tier(r.getInteger("from_rank")),
                        tier(r.getInteger("to_rank")), eligible);
                v.put("tier_customers", r.getLong("from_members"));
                v.put("target_tier_customers", r.getLong("to_members"));
                v.put("spend_threshold", r.getBigDecimal("median").setScale(2, RoundingMode.HALF_UP));
                v.put("total_ltv", r.getBigDecimal("eligible_ltv"));
                v.put("avg_ltv", eligible == 0
                        ? null
                        : r.getBigDecimal("eligible_ltv").divide(BigDecimal.valueOf(eligible), 2,
                                RoundingMode.HALF_UP));
                out.add(v);
            }
            return out;
        });
    }

    private String tier(int rank) {
        return rank == 0 ? "none" : ladder.get(rank - 1);
    }
}
