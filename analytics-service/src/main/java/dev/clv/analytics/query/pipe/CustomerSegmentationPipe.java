package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.answer.AnswerParams;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * UTC days): recency in days from the last purchase to the window's end (today without one), frequency as
 * purchases, monetary as net revenue; quintile scores and named segments as {@link RfmSegments} defines. Filters
 * country, min_frequency and min_monetary choose who is scored; segment_filter picks from the result.
 */
@ApplicationScoped
public class CustomerSegmentationPipe implements Pipe {
    // Without a window the per-customer aggregates already hold R, F and M: no rollup is read at all.
    private static final String ALL_TIME = """
            SELECT m.customer_id, (m.last_purchase_at AT TIME ZONE 'UTC')::date AS last_day,
              m.purchase_count AS frequency, m.net_revenue AS monetary
            FROM analytics.customer_metrics m
            WHERE m.tenant_id = $1 AND $2::date IS NULL AND $3::date IS NULL AND m.purchase_count > 0
              AND ($4::text IS NULL OR m.country = $4)
            """;
    private static final String WINDOWED = """
            SELECT d.customer_id, max(d.day) FILTER (WHERE d.purchases > 0) AS last_day,
              sum(d.purchases) AS frequency, sum(d.net_revenue) AS monetary
            FROM analytics.customer_days d
            WHERE d.tenant_id = $1 AND ($2::date IS NULL OR d.day >= $2) AND ($3::date IS NULL OR d.day <= $3)
              AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM analytics.customer_metrics m
                WHERE m.tenant_id = $1 AND m.customer_id = d.customer_id AND m.country = $4))
            GROUP BY d.customer_id HAVING sum(d.purchases) > 0
            """;
    private static final String SCORED = """
            WITH base AS (%s), scored AS (
              SELECT customer_id, $8::date - last_day AS recency_days, frequency, monetary,
                %s AS r, %s AS f, %s AS m
              FROM base WHERE frequency >= $5 AND ($6::numeric IS NULL OR monetary >= $6)
            ), named AS (
              SELECT *, %s AS segment FROM scored
            )
            SELECT customer_id, recency_days, frequency, monetary, r, f, m, r::text || f::text || m::text, segment
            FROM named WHERE $7::text IS NULL OR segment = $7
            ORDER BY r DESC, f DESC, m DESC, customer_id LIMIT $9
            """;
    private static final String ALL_TIME_SQL = scored(ALL_TIME);
    private static final String WINDOWED_SQL = scored(WINDOWED);
    private static final List<Column> COLUMNS = List.of(new Column("customer_id", "String"),
            new Column("recency_days", "Int32"), new Column("frequency", "UInt64"),
            new Column("monetary", "Decimal"), new Column("r_score", "UInt8"), new Column("f_score", "UInt8"),
            new Column("m_score", "UInt8"), new Column("rfm_score", "String"), new Column("rfm_segment", "String"));
    private final Pool pool;

    public CustomerSegmentationPipe(Pool pool) {
        this.pool = pool;
    }

    private static String scored(String base) {
        return SCORED.formatted(base, RfmSegments.score("last_day"), RfmSegments.score("frequency"),
                RfmSegments.score("monetary"), RfmSegments.segment("r", "f"));
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
        LocalDate[] range = params.range();
        String segment = params.oneOf("segment_filter", new LinkedHashSet<>(RfmSegments.NAMES));
        BigDecimal minMonetary = params.decimal("min_monetary");
        LocalDate asOf = range[1] != null ? range[1] : LocalDate.now(ZoneOffset.UTC);
        Tuple args = Tuple.tuple().addString(tenant).addLocalDate(range[0]).addLocalDate(range[1])
                .addString(params.text("country")).addLong((long) params.integer("min_frequency", 1, 1,
                        Integer.MAX_VALUE))
                .addValue(minMonetary == null ? null : io.vertx.sqlclient.data.Numeric.create(minMonetary))
                .addString(segment).addLocalDate(asOf).addInteger(params.limit(100));
        boolean windowed = range[0] != null || range[1] != null;
        return CancellableQuery.execute(pool, windowed ? WINDOWED_SQL : ALL_TIME_SQL, args).map(Rows::of);
    }
}
