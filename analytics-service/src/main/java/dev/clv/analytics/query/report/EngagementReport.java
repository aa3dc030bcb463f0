package dev.clv.analytics.query.report;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * engagement: per period, interactions (and of them app, web and support contacts), mean satisfaction of the rated
 * ones (2 decimals) and behavioural events, from the 15-minute activity rollup.
 */
@ApplicationScoped
public class EngagementReport implements Report {
    private static final String SQL = """
            SELECT (a.bucket AT TIME ZONE $4)::date AS day, sum(a.interactions), sum(a.app_interactions),
              sum(a.web_interactions), sum(a.support_contacts), sum(a.satisfaction_sum), sum(a.satisfaction_count),
              sum(a.events)
            FROM analytics.tenant_activity_quarters a
            WHERE a.tenant_id = $1 AND a.bucket >= $2 AND a.bucket < $3
            GROUP BY 1
            """;
    private static final String[] NAMES = {"interactions", "app_interactions", "web_interactions",
            "support_contacts", "satisfaction_sum", "satisfaction_count", "events"};
    private final Pool pool;

    public EngagementReport(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "engagement";
    }

    @Override
    public Uni<ReportResult> run(String tenant, ReportParams params) {
        Tuple args = Tuple.of(tenant, params.from().atOffset(ZoneOffset.UTC), params.to().atOffset(ZoneOffset.UTC),
                params.zone().getId());
        return CancellableQuery.execute(pool, SQL, args).map(rows -> {
            PeriodRows<long[]> periods = new PeriodRows<>(params, () -> new long[NAMES.length]);
            for (Row r : rows) {
                long[] sums = periods.at(r.getLocalDate(0));
                for (int i = 0; i < NAMES.length; i++) {
                    sums[i] += r.getLong(i + 1);
                }
            }
            return ReportResult.of(periods.rows((period, s) -> {
                Map<String, Object> v = new LinkedHashMap<>();
                for (int i = 0; i < 4; i++) {
                    v.put(NAMES[i], s[i]);
                }
                v.put("avg_satisfaction", s[5] == 0
                        ? null
                        : BigDecimal.valueOf(s[4]).divide(BigDecimal.valueOf(s[5]), 2, RoundingMode.HALF_UP));
                v.put("events", s[6]);
                return v;
            }));
        });
    }
}
