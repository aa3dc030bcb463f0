package dev.clv.analytics.query.report;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * acquisition: per period of registration, new customers, how many of them have bought since, and the split of
 * new customers by acquisition source (customers without one count as "unknown").
 */
@ApplicationScoped
public class AcquisitionReport implements Report {
    private static final String SQL = """
            SELECT (m.registration_date AT TIME ZONE $4)::date AS day,
              coalesce(m.acquisition_source, 'unknown') AS source, count(*) AS customers,
              count(*) FILTER (WHERE m.purchase_count > 0) AS buyers
            FROM analytics.customer_metrics m
            WHERE m.tenant_id = $1 AND coalesce(m.registration_date, '-infinity'::timestamptz) >= $2
              AND coalesce(m.registration_date, '-infinity'::timestamptz) < $3
            GROUP BY 1, 2
            """;
    private final Pool pool;

    public AcquisitionReport(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "acquisition";
    }

    private static final class Counts {
        long customers;
        long buyers;
        final Map<String, Long> bySource = new TreeMap<>();
    }

    @Override
    public Uni<ReportResult> run(String tenant, ReportParams params) {
        Tuple args = Tuple.of(tenant, params.from().atOffset(ZoneOffset.UTC), params.to().atOffset(ZoneOffset.UTC),
                params.zone().getId());
        return CancellableQuery.execute(pool, SQL, args).map(rows -> {
            PeriodRows<Counts> periods = new PeriodRows<>(params, Counts::new);
            for (Row r : rows) {
                Counts c = periods.at(r.getLocalDate("day"));
                c.customers += r.getLong("customers");
                c.buyers += r.getLong("buyers");
                c.bySource.merge(r.getString("source"), r.getLong("customers"), Long::sum);
            }
            return ReportResult.of(periods.rows((period, c) -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("new_customers", c.customers);
                v.put("converted_customers", c.buyers);
                v.put("by_acquisition_source", c.bySource);
                return v;
            }));
        });
    }
}
