package dev.clv.analytics.query.product;

/**
 * The product answers' SQL. {@code $1} tenant, {@code $2}/{@code $3} the window's first and last month (null:
 * open), {@code $4} the reference month (null: the tenant's newest month with a purchase), {@code $5} the lifecycle
 * window in months. Sums come from product_months (tenant-level), buyers from product_buyer_spans (V19); a product is
 * known when it has sold or is in the catalogue. Its category is the catalogue's, else the one its transactions
 * carry most often (as product_sales keeps them, 'uncategorized' for none).
 */
final class ProductSql {
    // %1$s narrows every source to one product (the detail) or to none (the list)
    private static final String ROWS = """
            WITH ref AS (
              SELECT coalesce($4::date, (SELECT max(month) FROM analytics.product_months
                WHERE tenant_id = $1 AND purchases > 0)) AS month
            ), sales AS (
              SELECT s.product_id,
                sum(s.purchases) FILTER (WHERE %2$s)::bigint AS purchases,
                sum(s.gross_revenue) FILTER (WHERE %2$s) AS gross, sum(s.refunds) FILTER (WHERE %2$s)::bigint AS refunds,
                sum(s.refund_total) FILTER (WHERE %2$s) AS refunded,
                min(s.month) FILTER (WHERE s.purchases > 0) AS first_sale,
                max(s.month) FILTER (WHERE s.purchases > 0) AS last_sale,
                min(s.month) FILTER (WHERE s.purchases > 0 AND s.month <= r.month) AS first_sale_by_reference,
                sum(s.gross_revenue - s.refund_total) FILTER (WHERE s.month <= r.month
                  AND s.month > r.month - make_interval(months => $5)) AS recent,
                sum(s.gross_revenue - s.refund_total) FILTER (WHERE s.month <= r.month - make_interval(months => $5)
                  AND s.month > r.month - make_interval(months => 2 * $5)) AS previous
              FROM analytics.product_months s CROSS JOIN ref r WHERE s.tenant_id = $1 %1$s GROUP BY s.product_id
            ), buyers AS (
              -- each buyer's first purchase month inside the window, and of those the ones with one purchase there
              SELECT s.product_id,
                sum(s.customers) FILTER (WHERE s.prev_month < $2 OR s.prev_month = '-infinity')::bigint AS buyers,
                sum(s.customers) FILTER (WHERE (s.prev_month < $2 OR s.prev_month = '-infinity')
                  AND (s.next_month > $3 OR s.next_month = 'infinity') AND s.single)::bigint AS single_buyers
              FROM analytics.product_buyer_spans s WHERE s.tenant_id = $1 AND %2$s %1$s GROUP BY s.product_id
            ), categories AS (
              SELECT DISTINCT ON (s.product_id) s.product_id, s.category FROM analytics.product_sales s
              WHERE s.tenant_id = $1 %1$s ORDER BY s.product_id, s.purchases + s.refunds DESC, s.category
            ), known AS (
              SELECT product_id FROM sales
              UNION SELECT s.product_id FROM analytics.products s WHERE s.tenant_id = $1 %1$s
            )
            SELECT k.product_id, p.name, coalesce(p.category, c.category, 'uncategorized') AS category,
              p.cost AS unit_cost, coalesce(s.purchases, 0) AS purchases, coalesce(b.buyers, 0) AS buyers,
              coalesce(b.buyers, 0) - coalesce(b.single_buyers, 0) AS repeat_buyers, coalesce(s.gross, 0) AS gross_revenue,
              coalesce(s.refunds, 0) AS refunds, coalesce(s.refunded, 0) AS refund_total,
              coalesce(s.gross, 0) - coalesce(s.refunded, 0) AS net_revenue, s.first_sale, s.last_sale,
              s.first_sale_by_reference, coalesce(s.recent, 0) AS recent, coalesce(s.previous, 0) AS previous,
              (SELECT month FROM ref) AS reference_month
            FROM known k LEFT JOIN sales s USING (product_id) LEFT JOIN buyers b USING (product_id)
            LEFT JOIN categories c USING (product_id)
            LEFT JOIN analytics.products p ON p.tenant_id = $1 AND p.product_id = k.product_id
            """;
    private static final String IN_WINDOW = "($2::date IS NULL OR s.month >= $2) AND ($3::date IS NULL OR s.month <= $3)";

    /** One product: {@code $6} its id. */
    static final String DETAIL = ROWS.formatted("AND s.product_id = $6", IN_WINDOW);

    /**
     * A page of the list, in the order of {@code sort} (a column of the rows above, its cursor value's SQL type):
     * {@code $6} category, {@code $7}/{@code $8} the previous page's last sort value and product id, {@code $9} the
     * rows to read (the page and one more, which says whether there is a next page).
     */
    static String page(String[] sort, boolean descending) {
        String direction = descending ? "DESC" : "ASC";
        return "SELECT x.*, (x." + sort[0] + ")::text AS sort_key FROM (" + ROWS.formatted("", IN_WINDOW) + ") x "
                + "WHERE ($6::text IS NULL OR x.category = $6) AND ($7::text IS NULL OR (x." + sort[0]
                + ", x.product_id) " + (descending ? "<" : ">") + " ($7::text::" + sort[1] + ", $8::text)) "
                + "ORDER BY x." + sort[0] + " " + direction + ", x.product_id " + direction + " LIMIT $9";
    }

    /** One product's months in the window: {@code $1} tenant, {@code $2} product, {@code $3}/{@code $4} window. */
    static final String MONTHS = """
            SELECT s.month, s.purchases, s.gross_revenue, s.refunds, s.refund_total, coalesce(b.buyers, 0) AS buyers
            FROM analytics.product_months s LEFT JOIN (
              SELECT month, sum(customers)::bigint AS buyers FROM analytics.product_buyer_spans
              WHERE tenant_id = $1 AND product_id = $2 GROUP BY month) b USING (month)
            WHERE s.tenant_id = $1 AND s.product_id = $2 AND ($3::date IS NULL OR s.month >= $3)
              AND ($4::date IS NULL OR s.month <= $4)
            ORDER BY s.month
            """;

    private ProductSql() {
    }
}
