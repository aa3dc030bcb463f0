package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Registration-month cohorts and, per month since registration, their net revenue and how many of them made a
 * purchase, read from the cohort rollups (or, for a registration window that cuts months, from the per-customer
 * month rollup; never from the raw transactions). Months are UTC calendar
 * months; revenue from before a customer's registration month counts in month 0.
 */
@ApplicationScoped
public class CohortActivity {
    private static final String COHORT = "date_trunc('month', m.registration_date AT TIME ZONE 'UTC')::date";
    private static final String SIZES = """
            SELECT %s AS cohort, count(*), sum(m.net_revenue) FROM analytics.customer_metrics m
            WHERE %s AND m.registration_date IS NOT NULL GROUP BY 1
            """.formatted(COHORT, CustomerFilter.WHERE);
    private static final String MONTHS = """
            WITH c AS (
              SELECT m.customer_id, %s AS cohort FROM analytics.customer_metrics m
              WHERE %s AND m.registration_date IS NOT NULL
            )
            SELECT c.cohort, (date_part('year', mo.month)::int - date_part('year', c.cohort)::int) * 12
                + date_part('month', mo.month)::int - date_part('month', c.cohort)::int AS k,
              sum(mo.net_revenue), count(*) FILTER (WHERE mo.purchases > 0)
            FROM c JOIN analytics.customer_months mo ON mo.tenant_id = $1 AND mo.customer_id = c.customer_id
            GROUP BY 1, 2
            """.formatted(COHORT, CustomerFilter.WHERE);

    // whole months only: the cohort rollups, a few rows per cohort and filter cell (arguments: rollupArgs)
    static final String ROLLUP_FILTER = """
            tenant_id = $1 AND ($2::date IS NULL OR cohort >= $2) AND ($3::date IS NULL OR cohort < $3)
              AND ($4::text IS NULL OR country = $4) AND ($5::text IS NULL OR segment = $5)
              AND ($6::text IS NULL OR acquisition_source = $6)
            """;
    private static final String ROLLUP_SIZES = """
            SELECT s.cohort, s.customers, coalesce(r.revenue, 0) FROM
              (SELECT cohort, sum(customers) AS customers FROM analytics.cohort_sizes WHERE %1$s GROUP BY cohort
               HAVING sum(customers) > 0) s
              LEFT JOIN (SELECT cohort, sum(net_revenue) AS revenue FROM analytics.cohort_months WHERE %1$s
               GROUP BY cohort) r USING (cohort)
            """.formatted(ROLLUP_FILTER);
    private static final String ROLLUP_MONTHS = """
            SELECT cohort, k, sum(net_revenue), sum(active) FROM analytics.cohort_months WHERE %s GROUP BY cohort, k
            """.formatted(ROLLUP_FILTER);

    /** One cohort: size, lifetime value, and per month since registration (0..last) revenue and active buyers. */
    public record Cohort(LocalDate month, long customers, BigDecimal totalLtv, BigDecimal[] revenue, long[] active) {
    }

    private final Pool pool;

    public CohortActivity(Pool pool) {
        this.pool = pool;
    }

    /**
     * The cohorts of the filtered customers: from the cohort rollups when the registration window is whole UTC
     * months (or open), else from each customer's months.
     */
    public Uni<List<Cohort>> cohorts(CustomerFilter filter) {
        boolean wholeMonths = fromRollups(filter);
        Tuple args = wholeMonths ? rollupArgs(filter) : filter.tuple();
        Uni<Map<LocalDate, Row>> sizes = CancellableQuery.execute(pool, wholeMonths ? ROLLUP_SIZES : SIZES, args)
                .map(rows -> {
                    Map<LocalDate, Row> out = new TreeMap<>();
                    rows.forEach(r -> out.put(r.getLocalDate(0), r));
                    return out;
                });
        Uni<List<Row>> months = CancellableQuery.execute(pool, wholeMonths ? ROLLUP_MONTHS : MONTHS, args).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(out::add);
            return out;
        });
        return Uni.combine().all().unis(sizes, months).with(CohortActivity::assemble);
    }

    /** Whether the cohort rollups hold the answer: a registration window of whole UTC months, no activity filter. */
    static boolean fromRollups(CustomerFilter filter) {
        return monthStart(filter.registeredFrom()) && monthStart(filter.registeredBefore())
                && filter.isActive() == null;
    }

    /** The arguments of {@link #ROLLUP_FILTER}. */
    static Tuple rollupArgs(CustomerFilter filter) {
        return Tuple.of(filter.tenant(), utcDay(filter.registeredFrom()), utcDay(filter.registeredBefore()))
                .addString(filter.country()).addString(filter.segment()).addString(filter.acquisitionSource());
    }

    // cohorts are UTC calendar months: only a bound at the start of one cuts no cohort
    private static boolean monthStart(Instant at) {
        if (at == null) {
            return true;
        }
        OffsetDateTime utc = at.atOffset(ZoneOffset.UTC);
        return utc.getDayOfMonth() == 1 && utc.toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    private static LocalDate utcDay(Instant at) {
        return at == null ? null : LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static List<Cohort> assemble(Map<LocalDate, Row> sizes, List<Row> months) {
        LocalDate newest = null;
        for (Row r : months) {
            if (!sizes.containsKey(r.getLocalDate(0))) {
                continue;
            }
            LocalDate month = r.getLocalDate(0).plusMonths(r.getInteger(1));
            newest = newest == null || month.isAfter(newest) ? month : newest;
        }
        List<Cohort> cohorts = new ArrayList<>();
        Map<LocalDate, Cohort> byMonth = new TreeMap<>();
        for (Map.Entry<LocalDate, Row> e : sizes.entrySet()) {
            LocalDate month = e.getKey();
            int span = newest == null || newest.isBefore(month)
                    ? 1
                    : (newest.getYear() - month.getYear()) * 12 + newest.getMonthValue() - month.getMonthValue() + 1;
            BigDecimal[] revenue = new BigDecimal[span];
            java.util.Arrays.fill(revenue, BigDecimal.ZERO);
            Cohort cohort = new Cohort(month, e.getValue().getLong(1), e.getValue().getBigDecimal(2), revenue,
                    new long[span]);
            cohorts.add(cohort);
            byMonth.put(month, cohort);
        }
        for (Row r : months) {
            Cohort cohort = byMonth.get(r.getLocalDate(0));
            if (cohort == null) {
                continue; // a cohort whose customers all moved to other cells: its emptied rows remain
            }
            int k = r.getInteger(1);
            cohort.revenue()[Math.max(0, k)] = cohort.revenue()[Math.max(0, k)].add(r.getBigDecimal(2));
            if (k >= 0) {
                cohort.active()[k] = r.getLong(3);
            }
        }
        return cohorts;
    }
}
