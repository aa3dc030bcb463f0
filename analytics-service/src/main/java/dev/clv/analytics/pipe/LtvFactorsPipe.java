package dev.clv.analytics.pipe;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.Factors;
import dev.clv.analytics.PipeResponse.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * ltv_influencing_factors: lifetime value (net revenue) of customers with a profile, grouped by each factor's
 * values: country, city, age band (under_25, 25_34, ..., 65_plus), gender, acquisition source, segment, and the
 * channel and payment method of the customer's first purchase. Per group: customers, mean (exact), median (from a
 * histogram, see {@link #median}) and lift = group mean / overall mean (4 decimals). Groups smaller than
 * min_customers (default 10) are left out. Filters: registration start_date/end_date, segment, acquisition_source,
 * country. Without a filter the histogram is the projection's factor_ltv rollup; with one it is built from the
 * filtered customers, with the same buckets, so both give the same numbers for the same customers.
 */
@ApplicationScoped
public class LtvFactorsPipe implements Pipe {
    // per group, the one or two buckets holding its middle rank(s), with the group's size and total
    private static final String MIDDLES = """
            , ranked AS (
              SELECT factor, value, bucket, customers, ltv_sum,
                sum(customers) OVER (PARTITION BY factor, value ORDER BY bucket ROWS UNBOUNDED PRECEDING)::bigint
                  AS upto,
                sum(customers) OVER (PARTITION BY factor, value)::bigint AS n,
                sum(ltv_sum) OVER (PARTITION BY factor, value) AS total
              FROM histogram WHERE customers > 0
            )
            SELECT factor, value, n, total, customers, ltv_sum, upto FROM ranked
            WHERE upto >= (n + 1) / 2 AND upto - customers < n / 2 + 1 AND (n >= $%d OR factor = 'all')
            ORDER BY factor, value, bucket
            """;
    private static final String ROLLUP = "WITH histogram AS (SELECT factor, value, bucket, customers, ltv_sum "
            + "FROM analytics.factor_ltv WHERE tenant_id = $1)" + MIDDLES.formatted(2);
    private static final String FILTERED = """
            WITH histogram AS (
              SELECT v.factor, v.value, analytics.ltv_bucket(m.net_revenue) AS bucket, count(*) AS customers,
                sum(m.net_revenue) AS ltv_sum
              FROM analytics.customer_metrics m
              JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
              CROSS JOIN LATERAL (SELECT m.country, c.city, analytics.age_band(c.age) AS age_band, c.gender,
                m.acquisition_source, m.segment, m.first_channel AS channel, m.first_payment_method AS payment_method) x
              CROSS JOIN LATERAL (VALUES %s) AS v(factor, value)
              WHERE %s AND v.value IS NOT NULL
              GROUP BY 1, 2, 3
            )""".formatted(Factors.values("x"), CustomerFilter.WHERE)
            + MIDDLES.formatted(8);
    private static final List<Column> COLUMNS = List.of(new Column("factor", "String"),
            new Column("value", "String"), new Column("customers", "UInt64"), new Column("mean_ltv", "Decimal"),
            new Column("median_ltv", "Decimal"), new Column("lift", "Nullable(Decimal)"));
    private final Pool pool;

    public LtvFactorsPipe(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "ltv_influencing_factors";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, PipeParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        long minCustomers = params.integer("min_customers", 10, 1, 1_000_000);
        int limit = params.limit(1000);
        boolean whole = filter.equals(new CustomerFilter(tenant, null, null, null, null, null, null));
        var query = whole
                ? pool.preparedQuery(ROLLUP).execute(io.vertx.mutiny.sqlclient.Tuple.of(tenant, minCustomers))
                : pool.preparedQuery(FILTERED).execute(filter.tuple().addLong(minCustomers));
        return query.map(rows -> answer(rows, limit));
    }

    private static List<List<Object>> answer(RowSet<Row> rows, int limit) {
        List<Group> groups = new ArrayList<>();
        for (Row r : rows) {
            Group last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last == null || !last.factor.equals(r.getString(0)) || !last.value.equals(r.getString(1))) {
                last = new Group(r.getString(0), r.getString(1), r.getLong(2), r.getBigDecimal(3), new ArrayList<>());
                groups.add(last);
            }
            last.middles.add(new Bucket(r.getLong(4), r.getBigDecimal(5), r.getLong(6)));
        }
        Group overall = groups.stream().filter(g -> g.factor.equals("all")).findFirst().orElse(null);
        BigDecimal overallMean = overall == null ? null : overall.mean();
        groups.remove(overall);
        groups.sort(Comparator.comparing(Group::factor).thenComparing(Group::mean, Comparator.reverseOrder())
                .thenComparing(Group::value));
        List<List<Object>> out = new ArrayList<>();
        for (Group g : groups.subList(0, Math.min(limit, groups.size()))) {
            BigDecimal lift = overallMean == null || overallMean.signum() == 0
                    ? null
                    : g.mean().divide(overallMean, 4, RoundingMode.HALF_UP);
            out.add(Arrays.asList(g.factor, g.value, g.n, g.mean().setScale(2, RoundingMode.HALF_UP), g.median(),
                    lift));
        }
        return out;
    }

    /** A histogram bucket: its customers, their summed value, and the customers up to and including it. */
    private record Bucket(long customers, BigDecimal sum, long upto) {
    }

    /** A group's size and total, and the one or two buckets that hold its middle rank(s). */
    private record Group(String factor, String value, long n, BigDecimal total, List<Bucket> middles) {
        BigDecimal mean() {
            return total.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128);
        }

        /**
         * The median with each middle value replaced by the mean of its histogram bucket: a bucket spans at most 1%
         * of its values (three significant digits; whole cents below 1), so this is within 1% of the exact median,
         * and exact when a bucket's customers share one value. Like ClickHouse's median(), which the seed's pipes
         * used, it trades exactness for an answer that does not read every customer.
         */
        BigDecimal median() {
            return middleMean((n + 1) / 2).add(middleMean(n / 2 + 1)).divide(BigDecimal.valueOf(2),
                    MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
        }

        private BigDecimal middleMean(long rank) {
            Bucket b = middles.stream().filter(m -> m.upto >= rank).findFirst().orElseThrow();
            return b.sum.divide(BigDecimal.valueOf(b.customers), MathContext.DECIMAL128);
        }
    }
}
