package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.answer.SqlZones;
import dev.clv.analytics.query.answer.TimeWindow;
import dev.clv.analytics.query.answer.AnswerParams;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.PipeResponse.Column;
import dev.clv.contracts.rfm.RfmSegments;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * customer_segmentation: RFM over the customers who bought in the window (start_date/end_date on transactions,
 * instants in the tenant's zone: see {@link AnswerParams#window}): recency in the tenant's local days from the last
 * purchase to the window's last day (today without one), frequency as purchases, monetary as net revenue; quintile
 * scores and named segments as {@link RfmSegments} defines. Filters country, min_frequency and min_monetary choose
 * who is scored; segment_filter picks from the result.
 */
@ApplicationScoped
public class CustomerSegmentationPipe implements Pipe {
    // Without a window the per-customer aggregates already hold R, F and M: no rollup is read at all.
    private static final String ALL_TIME = """
            SELECT m.customer_id, (m.last_purchase_at AT TIME ZONE $8::text)::date AS last_day,
              m.purchase_count AS frequency, m.net_revenue AS monetary
            FROM analytics.customer_metrics m
            WHERE m.tenant_id = $1 AND m.purchase_count > 0 AND ($2::text IS NULL OR m.country = $2)
            """;
    // Whole UTC days from the day rollup, the partial days at the window's edges from the time index of the raw rows
    // (index-only, at most a day each): exact at any time of day, in any zone (RfmWindow).
    private static final String WINDOWED = """
            SELECT u.customer_id, (max(u.last_at) AT TIME ZONE $8::text)::date AS last_day, sum(u.frequency) AS frequency,
              sum(u.monetary) AS monetary
            FROM (
              SELECT d.customer_id, max(d.last_purchase_at) AS last_at, sum(d.purchases) AS frequency,
                sum(d.net_revenue) AS monetary
              FROM analytics.customer_days d
              WHERE d.tenant_id = $1 AND ($9::date IS NULL OR d.day >= $9) AND ($10::date IS NULL OR d.day < $10)
              GROUP BY d.customer_id
              UNION ALL %1$s
              UNION ALL %2$s
            ) u
            WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND m.customer_id = u.customer_id AND m.country = $2)
            GROUP BY u.customer_id HAVING sum(u.frequency) > 0
            """
            .formatted(edge("$11", "$12"), edge("$13", "$14"));
    // A window of whole UTC days (dates, in a UTC tenant) reads the day rollup alone: one grouping, not a union of
    // three groupings grouped again (which took about 45 % of the windowed answer's time).
    private static final String WHOLE_DAYS = """
            SELECT d.customer_id, (max(d.last_purchase_at) AT TIME ZONE $8::text)::date AS last_day,
              sum(d.purchases) AS frequency, sum(d.net_revenue) AS monetary
            FROM analytics.customer_days d
            WHERE d.tenant_id = $1 AND ($9::date IS NULL OR d.day >= $9) AND ($10::date IS NULL OR d.day < $10)
            GROUP BY d.customer_id
            HAVING sum(d.purchases) > 0 AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND m.customer_id = d.customer_id AND m.country = $2))
            """;
    private static final String SCORED = """
            WITH base AS (%s), kept AS (
              SELECT * FROM base WHERE frequency >= $3 AND ($4::numeric IS NULL OR monetary >= $4)
            ), cut AS (
              SELECT %s AS r, %s AS f, %s AS m FROM kept
            ), scored AS (
              SELECT customer_id, $6::date - last_day AS recency_days, frequency, monetary,
                %s AS r, %s AS f, %s AS m
              FROM kept, cut c
            ), named AS (
              SELECT *, %s AS segment FROM scored
            )
            SELECT customer_id, recency_days, frequency, monetary, r, f, m, r::text || f::text || m::text, segment
            FROM named WHERE $5::text IS NULL OR segment = $5
            ORDER BY r DESC, f DESC, m DESC, customer_id LIMIT $7
            """;
    static final String ALL_TIME_SQL = scored(ALL_TIME);
    private static final String WINDOWED_SQL = scored(WINDOWED);
    private static final String WHOLE_DAYS_SQL = scored(WHOLE_DAYS);
    private static final List<Column> COLUMNS = List.of(new Column("customer_id", "String"),
            new Column("recency_days", "Int32"), new Column("frequency", "UInt64"),
            new Column("monetary", "Decimal"), new Column("r_score", "UInt8"), new Column("f_score", "UInt8"),
            new Column("m_score", "UInt8"), new Column("rfm_score", "String"), new Column("rfm_segment", "String"));
    private final Pool pool;

    public CustomerSegmentationPipe(Pool pool) {
        this.pool = pool;
    }

    private static String scored(String base) {
        return SCORED.formatted(base, RfmSegments.cuts("last_day"), RfmSegments.cuts("frequency"),
                RfmSegments.cuts("monetary"), RfmSegments.score("last_day", "c.r"),
                RfmSegments.score("frequency", "c.f"), RfmSegments.score("monetary", "c.m"),
                RfmSegments.segment("r", "f"));
    }

    /** The transactions of one edge range, per customer, as the day rollup sums them (refunds on their day). */
    private static String edge(String from, String before) {
        return """
                SELECT t.customer_id, max(t.transaction_date) FILTER (WHERE NOT t.is_refund),
                  count(*) FILTER (WHERE NOT t.is_refund), sum(CASE WHEN t.is_refund THEN -abs(t.amount) ELSE t.amount END)
                FROM analytics.transactions t
                WHERE t.tenant_id = $1 AND t.transaction_date >= %s AND t.transaction_date < %s
                GROUP BY t.customer_id"""
                .formatted(from, before);
    }

    /** The parameters of {@link #ALL_TIME_SQL} and the windowed SQL's first eight, in their order. */
    static Tuple args(String tenant, String country, long minFrequency, BigDecimal minMonetary, String segment,
            LocalDate asOf, int limit, java.time.ZoneId zone) {
        return Tuple.tuple().addString(tenant).addString(country).addLong(minFrequency)
                .addValue(minMonetary == null ? null : io.vertx.sqlclient.data.Numeric.create(minMonetary))
                .addString(segment).addLocalDate(asOf).addInteger(limit).addString(SqlZones.name(zone));
    }

    @Override
    public boolean heavy() {
        return true;
    }

    @Override
    public String name() {
        return "customer_segmentation";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        TimeWindow window = params.window("start_date", "end_date");
        String segment = params.oneOf("segment_filter", new LinkedHashSet<>(RfmSegments.NAMES));
        BigDecimal minMonetary = params.decimal("min_monetary");
        LocalDate asOf = window.endDay() != null ? window.endDay() : LocalDate.now(params.zone());
        Tuple args = args(tenant, params.text("country"), params.integer("min_frequency", 1, 1, Integer.MAX_VALUE),
                minMonetary, segment, asOf, params.limit(100), params.zone());
        if (window.open()) {
            return CancellableQuery.execute(pool, ALL_TIME_SQL, args).map(Rows::of);
        }
        RfmWindow days = RfmWindow.of(window);
        if (days.wholeDays()) {
            return CancellableQuery.execute(pool, WHOLE_DAYS_SQL, days.addDaysTo(args)).map(Rows::of);
        }
        return CancellableQuery.execute(pool, WINDOWED_SQL, days.addTo(args)).map(Rows::of);
    }
}
