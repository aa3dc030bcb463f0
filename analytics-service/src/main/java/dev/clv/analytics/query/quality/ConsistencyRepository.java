package dev.clv.analytics.query.quality;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.answer.CancellableQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The three consistency checks of a tenant in one statement over the projection's aggregates, never raw rows. */
@ApplicationScoped
public class ConsistencyRepository {
    static final int EXAMPLES = 20;
    // Each CTE is read three times (count, total, examples) and so materialised once.
    // - unknown customers: customer_metrics has one row per customer seen in any source, with their purchase and
    //   refund counts kept as rows arrive, so no transaction is read, and whether the customer has a profile
    //   (profiled, set by the projection when the customers row is written): only the partial index of the rows
    //   without one is read, however many customers the tenant has.
    // - unknown products: product_months, the per-product monthly counts /v1/products sums (so the numbers agree
    //   with that answer), has a row per product and month, however many transactions; the catalogue is the
    //   products table, probed by its primary key. Transactions without a product_id are in no product.
    // - refunds over purchases: net_revenue (gross minus refunded, kept per customer) below zero is a short range
    //   of the index customer_metrics_net, so only the customers concerned are read.
    private static final String CHECKS = """
            WITH unknown_customers AS (
              SELECT m.customer_id, m.purchase_count + m.refund_count AS n FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND NOT m.profiled AND m.purchase_count + m.refund_count > 0
            ), unknown_products AS (
              SELECT s.product_id, sum(s.purchases + s.refunds)::bigint AS n FROM analytics.product_months s
              WHERE s.tenant_id = $1 AND NOT EXISTS (
                SELECT 1 FROM analytics.products p WHERE p.tenant_id = $1 AND p.product_id = s.product_id)
              GROUP BY s.product_id
            ), refunds_over AS (
              SELECT m.customer_id, -m.net_revenue AS excess FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND m.net_revenue < 0
            )
            SELECT (SELECT count(*) FROM unknown_customers) AS customers,
              (SELECT coalesce(sum(n), 0)::bigint FROM unknown_customers) AS customer_transactions,
              ARRAY(SELECT customer_id FROM unknown_customers ORDER BY n DESC, customer_id LIMIT $2)
                AS customer_examples,
              (SELECT count(*) FROM unknown_products) AS products,
              (SELECT coalesce(sum(n), 0)::bigint FROM unknown_products) AS product_transactions,
              ARRAY(SELECT product_id FROM unknown_products ORDER BY n DESC, product_id LIMIT $2) AS product_examples,
              (SELECT count(*) FROM refunds_over) AS refunders,
              (SELECT coalesce(sum(excess), 0) FROM refunds_over) AS excess,
              ARRAY(SELECT customer_id FROM refunds_over ORDER BY excess DESC, customer_id LIMIT $2)
                AS refunder_examples
            """;
    private final Pool pool;

    public ConsistencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The three checks, always in the same order. */
    public Uni<List<ConsistencyCheck>> checks(String tenant) {
        return CancellableQuery.execute(pool, CHECKS, Tuple.of(tenant, EXAMPLES)).map(rows -> {
            Row r = rows.iterator().next();
            return List.of(
                    ConsistencyCheck.unknownCustomers(r.getLong("customers"), r.getLong("customer_transactions"),
                            ids(r, "customer_examples")),
                    ConsistencyCheck.unknownProducts(r.getLong("products"), r.getLong("product_transactions"),
                            ids(r, "product_examples")),
                    ConsistencyCheck.refundsExceedPurchases(r.getLong("refunders"), r.getBigDecimal("excess"),
                            ids(r, "refunder_examples")));
        });
    }

    private static List<String> ids(Row r, String column) {
        return Arrays.asList(r.getArrayOfStrings(column));
    }
}
