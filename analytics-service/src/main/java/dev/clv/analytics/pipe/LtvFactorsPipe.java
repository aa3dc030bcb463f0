package dev.clv.analytics.pipe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.PipeResponse.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * ltv_influencing_factors: lifetime value (net revenue) of customers with a profile, grouped by each factor's
 * values: country, city, age band (under_25, 25_34, ..., 65_plus), gender, acquisition source, segment, and the
 * channel and payment method of the customer's first purchase. Per group: customers, mean and median (exact; the
 * mean of the two middle values for an even count) and lift = group mean / overall mean (4 decimals). Groups
 * smaller than min_customers (default 10) are left out. Filters: registration start_date/end_date, segment,
 * acquisition_source, country.
 */
@ApplicationScoped
public class LtvFactorsPipe implements Pipe {
    /** The factors, each a column of {@code base} below; one group per value of each. */
    private static final List<String> FACTORS = List.of("country", "city", "age_band", "gender",
            "acquisition_source", "segment", "channel", "payment_method");
    private static final String SQL = """
            WITH base AS (
              SELECT m.net_revenue AS ltv,
                m.country AS country,
                c.city AS city,
                CASE WHEN c.age < 25 THEN 'under_25' WHEN c.age < 35 THEN '25_34' WHEN c.age < 45 THEN '35_44' WHEN c.age < 55 THEN '45_54' WHEN c.age < 65 THEN '55_64' WHEN c.age IS NOT NULL THEN '65_plus' END AS age_band,
                c.gender AS gender,
                m.acquisition_source AS acquisition_source,
                m.segment AS segment,
                m.first_channel AS channel,
                m.first_payment_method AS payment_method
              FROM analytics.customer_metrics m
              JOIN analytics.customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id
              WHERE %s
            ), overall AS (SELECT avg(ltv) AS mean FROM base)
            SELECT g.*, (SELECT mean FROM overall) FROM (
            %s
            ) AS g(factor, value, customers, mean, median)
            ORDER BY 1, 4 DESC, 2
            """
            .formatted(CustomerFilter.WHERE, FACTORS.stream().map(f -> """
                    SELECT '%1$s', %1$s, count(*), avg(ltv), (percentile_disc(0.5) WITHIN GROUP (ORDER BY ltv)
                      + percentile_disc(0.5) WITHIN GROUP (ORDER BY ltv DESC)) / 2
                    FROM base WHERE %1$s IS NOT NULL GROUP BY %1$s HAVING count(*) >= $8""".formatted(f))
                    .collect(java.util.stream.Collectors.joining("\n UNION ALL ")));
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
        int minCustomers = params.integer("min_customers", 10, 1, 1_000_000);
        int limit = params.limit(1000);
        return pool.preparedQuery(SQL).execute(filter.tuple().addLong((long) minCustomers)).map(rows -> {
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
                out.add(java.util.Arrays.asList(r.getString(0), r.getString(1), r.getLong(2),
                        mean.setScale(2, RoundingMode.HALF_UP), r.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP),
                        lift));
            }
            return out;
        });
    }
}
