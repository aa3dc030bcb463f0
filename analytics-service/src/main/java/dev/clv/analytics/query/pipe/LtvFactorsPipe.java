package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.answer.AnswerParams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.PipeResponse.Column;
import dev.clv.analytics.query.snapshot.SnapshotSource;
import dev.clv.analytics.query.snapshot.AnswerSnapshots;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * ltv_influencing_factors: lifetime value (net revenue) of customers with a profile, grouped by each factor's
 * values: country, city, age band (under_25, 25_34, ..., 65_plus), gender, acquisition source, segment, and the
 * channel and payment method of the customer's first purchase. Per group: customers, mean and median (exact; the
 * mean of the two middle values for an even count) and lift = group mean / overall mean (4 decimals). Groups
 * smaller than min_customers (default 10) are left out. Filters: registration start_date/end_date, segment,
 * acquisition_source, country. Without a filter the answer is the tenant's snapshot ({@link AnswerSnapshots}) when
 * there is one, and its as_of is the snapshot's; with one it is computed live.
 */
@ApplicationScoped
public class LtvFactorsPipe implements Pipe, SnapshotSource {
    /** The factors, each a column of {@code base} below; one group per value of each. */
    private static final List<String> FACTORS = List.of("country", "city", "age_band", "gender",
            "acquisition_source", "segment", "channel", "payment_method");
    // factor, value, customers, mean, median, overall mean of the customers passing the filter, groups of $8 or more
    private static final String GROUPS = """
            WITH base AS (
              SELECT m.net_revenue AS ltv, m.country AS country, c.city AS city, analytics.age_band(c.age) AS age_band,
                c.gender AS gender, m.acquisition_source AS acquisition_source, m.segment AS segment,
                m.first_channel AS channel, m.first_payment_method AS payment_method
              FROM analytics.customer_metrics m
              JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
              WHERE %s
            ), overall AS (SELECT avg(ltv) AS mean FROM base)
            SELECT g.*, (SELECT mean FROM overall) FROM (
            %s
            ) AS g(factor, value, customers, mean, median)
            """.formatted(CustomerFilter.WHERE, FACTORS.stream().map(f -> """
            SELECT '%1$s', %1$s, count(*), avg(ltv), (percentile_disc(0.5) WITHIN GROUP (ORDER BY ltv)
              + percentile_disc(0.5) WITHIN GROUP (ORDER BY ltv DESC)) / 2
            FROM base WHERE %1$s IS NOT NULL GROUP BY %1$s HAVING count(*) >= $8""".formatted(f))
            .collect(Collectors.joining("\n UNION ALL ")));
    private static final String LIVE = GROUPS + " ORDER BY 1, 4 DESC, 2";
    private static final String SNAPSHOT = "pipe:ltv_influencing_factors";
    private static final List<Column> COLUMNS = List.of(new Column("factor", "String"),
            new Column("value", "String"), new Column("customers", "UInt64"), new Column("mean_ltv", "Decimal"),
            new Column("median_ltv", "Decimal"), new Column("lift", "Nullable(Decimal)"));
    private final Pool pool;
    private final AnswerSnapshots snapshots;

    public LtvFactorsPipe(Pool pool, AnswerSnapshots snapshots) {
        this.pool = pool;
        this.snapshots = snapshots;
    }

    @Override
    public boolean heavy() {
        return true;
    }

    @Override
    public String name() {
        return "ltv_influencing_factors";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** Always live (CSV exports carry no as_of to say a snapshot's age). */
    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        return live(filter, params.integer("min_customers", 10, 1, 1_000_000), params.limit(1000)).map(Answer::rows);
    }

    @Override
    public Uni<Answer> answer(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        long minCustomers = params.integer("min_customers", 10, 1, 1_000_000);
        int limit = params.limit(1000);
        if (!filter.equals(CustomerFilter.everyone(tenant))) {
            return live(filter, minCustomers, limit);
        }
        return snapshots.servedOr(tenant, SNAPSHOT, snapshot -> {
            Answer all = Answer.of(snapshot);
            return new Answer(all.rows().stream().filter(row -> ((Number) row.get(2)).longValue() >= minCustomers)
                    .limit(limit).toList(), all.snapshotWatermark());
        }, () -> live(filter, minCustomers, limit));
    }

    @Override
    public List<String> snapshotNames() {
        return List.of(SNAPSHOT);
    }

    @Override
    public Uni<Object> snapshot(String tenant, String name) {
        return live(CustomerFilter.everyone(tenant), 1, Integer.MAX_VALUE)
                .map(Answer::rows);
    }

    private Uni<Answer> live(CustomerFilter filter, long minCustomers, int limit) {
        return CancellableQuery.execute(pool, LIVE, filter.tuple().addLong(minCustomers))
                .map(rows -> new Answer(rows(rows, limit), null));
    }

    private static List<List<Object>> rows(RowSet<Row> rows, int limit) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            if (out.size() == limit) {
                break;
            }
            BigDecimal mean = r.getBigDecimal(3);
            BigDecimal overall = r.getBigDecimal(5);
            BigDecimal lift = overall == null || overall.signum() == 0
                    ? null
                    : mean.divide(overall, 4, RoundingMode.HALF_UP);
            out.add(Arrays.asList(r.getString(0), r.getString(1), r.getLong(2), mean.setScale(2, RoundingMode.HALF_UP),
                    r.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP), lift));
        }
        return out;
    }
}
