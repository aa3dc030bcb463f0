package dev.clv.analytics.query.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.CustomerFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/** Customer lists (keyset pages over customer_metrics) and single customers. */
@ApplicationScoped
public class CustomerRepository {
    // the page is cut on its sort key's index first; only its rows are then joined to their profile and memberships
    private static final String LIST = """
            SELECT p.*, c.email, c.name, g.segment_ids FROM (
              SELECT %1$s, (%2$s)::text AS sort_key, %2$s AS sort_value FROM analytics.customer_metrics m
              WHERE %3$s AND ($8::numeric IS NULL OR m.net_revenue >= $8) AND ($9::numeric IS NULL OR m.net_revenue <= $9)
                AND m.purchase_count >= $10
                AND ($11::text IS NULL OR (%2$s, m.customer_id) %4$s ($11::text::%5$s, $12::text))
              ORDER BY %2$s %6$s, m.customer_id %6$s LIMIT $13
            ) p
            LEFT JOIN analytics.customers c ON c.tenant_id = $1 AND c.customer_id = p.customer_id
            LEFT JOIN analytics.customer_segments g ON g.tenant_id = $1 AND g.customer_id = p.customer_id
            ORDER BY p.sort_value %6$s, p.customer_id %6$s
            """;
    // a search's matches (an id, e-mails by prefix, names by word prefixes), each by its own index, then ranked
    private static final String SEARCH = """
            WITH hits AS (
              SELECT $11::text AS customer_id, 0 AS rank
              UNION ALL
              SELECT c.customer_id, 1 FROM analytics.customers c WHERE c.tenant_id = $1 AND $12::text IS NOT NULL
                AND lower(c.email) ~>=~ $12 AND lower(c.email) ~<~ $13
              UNION ALL
              SELECT c.customer_id, 2 FROM analytics.customers c WHERE c.tenant_id = $1 AND $14::text IS NOT NULL
                AND to_tsvector('simple', coalesce(c.name, '')) @@ to_tsquery('simple', coalesce($14, ''))
            ), best AS (SELECT customer_id, min(rank) AS rank FROM hits GROUP BY customer_id)
            SELECT %1$s, c.email, c.name, g.segment_ids FROM best b
            JOIN analytics.customer_metrics m ON m.tenant_id = $1 AND m.customer_id = b.customer_id
            LEFT JOIN analytics.customers c ON c.tenant_id = $1 AND c.customer_id = b.customer_id
            LEFT JOIN analytics.customer_segments g ON g.tenant_id = $1 AND g.customer_id = b.customer_id
            WHERE %2$s AND ($8::numeric IS NULL OR m.net_revenue >= $8) AND ($9::numeric IS NULL OR m.net_revenue <= $9)
              AND m.purchase_count >= $10
            ORDER BY b.rank, lower(c.name), b.customer_id LIMIT $15
            """.formatted(CustomerColumns.SELECT, CustomerFilter.WHERE);
    private final Pool pool;
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    public CustomerRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page, and the cursor of the next one (null on the last page). */
    public record Page(List<CustomerListItem> customers, String nextCursor) {
    }

    public Uni<Page> list(CustomerListQuery q) {
        String ordering = CustomerListQuery.ordering(q.sort(), q.descending());
        String sql = statements.computeIfAbsent(ordering, o -> {
            String[] sort = CustomerListQuery.SORTS.get(q.sort());
            return LIST.formatted(CustomerColumns.SELECT, sort[0], CustomerFilter.WHERE, q.descending() ? "<" : ">",
                    sort[1], q.descending() ? "DESC" : "ASC");
        });
        Tuple args = q.filter().tuple().addValue(numeric(q.minLtv())).addValue(numeric(q.maxLtv()))
                .addLong(q.minPurchases()).addString(q.after() == null ? null : q.after().get(0))
                .addString(q.after() == null ? null : q.after().get(1)).addInteger(q.limit() + 1);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Row> all = new ArrayList<>(rows.size());
            rows.forEach(all::add);
            int n = Math.min(all.size(), q.limit());
            List<CustomerListItem> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                CustomerSummary summary = CustomerColumns.summary(all.get(i));
                out.add(new CustomerListItem(CustomerColumns.object(all.get(i), summary), summary));
            }
            // one row more than the page was read: its presence says there is a next page
            String next = all.size() <= q.limit()
                    ? null
                    : new Cursor(ordering, List.of(all.get(n - 1).getString("sort_key"), all.get(n - 1).getString(
                            "customer_id"))).encode();
            return new Page(out, next);
        });
    }

    /** The first {@code q.limit()} matches of a search with the list's filters; one page, no cursor. */
    public Uni<List<CustomerListItem>> search(CustomerListQuery q, CustomerSearch search) {
        Tuple args = q.filter().tuple().addValue(numeric(q.minLtv())).addValue(numeric(q.maxLtv()))
                .addLong(q.minPurchases()).addString(search.id()).addString(search.emailFrom())
                .addString(search.emailTo()).addString(search.nameQuery()).addInteger(q.limit());
        return pool.preparedQuery(SEARCH).execute(args).map(rows -> {
            List<CustomerListItem> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                CustomerSummary summary = CustomerColumns.summary(r);
                out.add(new CustomerListItem(CustomerColumns.object(r, summary), summary));
            }
            return out;
        });
    }

    private static Numeric numeric(java.math.BigDecimal value) {
        return value == null ? null : Numeric.create(value);
    }
}
