package dev.clv.analytics.query.pipe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.pipe.PipeResponse.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * ltv_by_cohort: per registration month, customers, total and average lifetime value (net revenue), and the
 * cohort's cumulative net revenue by months since registration (index 0 = the registration month) up to the
 * newest month with activity; with predictions, the newest scores summed (from the cohort score rollup for whole
 * months). Filters: registration start_date/end_date, country, acquisition_source, segment.
 */
@ApplicationScoped
public class LtvByCohortPipe implements Pipe {
    private static final List<Column> COLUMNS = List.of(new Column("cohort", "String"),
            new Column("customers", "UInt64"), new Column("total_ltv", "Decimal"), new Column("avg_ltv", "Decimal"),
            new Column("cumulative_ltv", "Array(Decimal)"));
    private static final List<Column> WITH_PREDICTIONS = Stream.concat(COLUMNS.stream(),
            Stream.of(new Column("scored_customers", "UInt64"),
                    new Column("predicted_clv", "Nullable(Decimal)"),
                    new Column("horizon_months", "Nullable(UInt32)")))
            .toList();
    // the newest score of each of the cohort's scored customers (one row per customer: the table's key)
    private static final String PREDICTIONS = """
            SELECT date_trunc('month', m.registration_date AT TIME ZONE 'UTC')::date, count(*),
              sum(s.predicted_clv), min(s.horizon_months), max(s.horizon_months)
            FROM analytics.customer_metrics m
            JOIN analytics.customer_scores s ON s.tenant_id = m.tenant_id AND s.customer_id = m.customer_id
            WHERE %s AND m.registration_date IS NOT NULL AND s.predicted_clv IS NOT NULL GROUP BY 1
            """.formatted(CustomerFilter.WHERE);
    // the same from the cohort score rollup (whole months): per cohort and horizon first, so that a cell emptied by
    // moves names no horizon; -1 is a score without one
    private static final String ROLLUP_PREDICTIONS = """
            SELECT cohort, sum(customers)::bigint, sum(predicted_clv),
              min(horizon_months) FILTER (WHERE horizon_months >= 0), max(horizon_months) FILTER (WHERE horizon_months >= 0)
            FROM (SELECT cohort, horizon_months, sum(customers) AS customers, sum(predicted_clv) AS predicted_clv
              FROM analytics.cohort_scores WHERE %s GROUP BY cohort, horizon_months HAVING sum(customers) > 0) h
            GROUP BY cohort
            """
            .formatted(CohortActivity.ROLLUP_FILTER);
    private final CohortActivity activity;
    private final Pool pool;

    public LtvByCohortPipe(CohortActivity activity, Pool pool) {
        this.activity = activity;
        this.pool = pool;
    }

    @Override
    public String name() {
        return "ltv_by_cohort";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    /** With {@code predictions=true}: the cohort's scored customers, their summed predicted CLV and its horizon. */
    @Override
    public List<Column> columns(AnswerParams params) {
        return predictions(params) ? WITH_PREDICTIONS : COLUMNS;
    }

    // over a range that cuts months the scores are read for every customer passing the filter: rationed as the
    // other whole-tenant answers (whole months read the cohort score rollup; the tenant plays no part in that)
    @Override
    public boolean heavy(AnswerParams params) {
        return predictions(params) && !CohortActivity.fromRollups(CustomerFilter.of(null, params, false));
    }

    private static boolean predictions(AnswerParams params) {
        return Boolean.TRUE.equals(params.bool("predictions"));
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, false);
        int limit = params.limit(1000);
        Uni<List<List<Object>>> realised = realised(filter, limit);
        if (!predictions(params)) {
            return realised;
        }
        boolean rollups = CohortActivity.fromRollups(filter);
        Uni<Map<String, Row>> scores = CancellableQuery.execute(pool, rollups ? ROLLUP_PREDICTIONS : PREDICTIONS,
                rollups ? CohortActivity.rollupArgs(filter) : filter.tuple()).map(rows -> {
                    Map<String, Row> byCohort = new HashMap<>();
                    rows.forEach(r -> byCohort.put(r.getLocalDate(0).toString().substring(0, 7), r));
                    return byCohort;
                });
        return Uni.combine().all().unis(realised, scores).with((rows, byCohort) -> rows.stream().map(row -> {
            Row s = byCohort.get((String) row.get(0));
            List<Object> out = new ArrayList<>(row);
            out.add(s == null ? 0L : s.getLong(1));
            out.add(s == null ? null : s.getBigDecimal(2));
            // one horizon when every score has the same (a model's); else none can be named
            out.add(s == null || !Objects.equals(s.getInteger(3), s.getInteger(4)) ? null : s.getInteger(3));
            return out;
        }).toList());
    }

    private Uni<List<List<Object>>> realised(CustomerFilter filter, int limit) {
        return activity.cohorts(filter).map(cohorts -> {
            List<List<Object>> rows = new ArrayList<>();
            for (CohortActivity.Cohort c : cohorts.subList(0, Math.min(limit, cohorts.size()))) {
                List<BigDecimal> cumulative = new ArrayList<>(c.revenue().length);
                BigDecimal running = BigDecimal.ZERO;
                for (BigDecimal month : c.revenue()) {
                    running = running.add(month);
                    cumulative.add(running);
                }
                rows.add(List.of(c.month().toString().substring(0, 7), c.customers(), c.totalLtv(),
                        c.totalLtv().divide(BigDecimal.valueOf(c.customers()), 2, RoundingMode.HALF_UP), cumulative));
            }
            return rows;
        });
    }
}
