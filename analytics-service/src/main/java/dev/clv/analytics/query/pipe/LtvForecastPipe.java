package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.answer.AnswerParams;
import java.math.BigDecimal;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.PipeResponse.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * ltv_forecast: the seed's 12-month heuristic next to the model's forecast. The heuristic assumes a customer keeps
 * spending at their average monthly rate since their first purchase: forecast_12m = net revenue × 12 / tenure in
 * months, tenure counted in UTC days from the first purchase day through today (both included) over 30.4375 days,
 * at least one month. It knows nothing of churn; the ml_* columns (the newest score from the prediction service,
 * when there is one) do. Filters: segment, country, min_transactions (default 1), min_ltv; highest forecast first.
 */
@ApplicationScoped
public class LtvForecastPipe implements Pipe {
    private static final String SQL = """
            WITH f AS (
              SELECT m.customer_id, m.segment, m.country, m.net_revenue, m.purchase_count,
                (now() AT TIME ZONE 'UTC')::date - (m.first_purchase_at AT TIME ZONE 'UTC')::date + 1 AS tenure_days
              FROM analytics.customer_metrics m
              WHERE m.tenant_id = $1 AND m.purchase_count >= $4 AND m.first_purchase_at IS NOT NULL
                AND ($2::text IS NULL OR m.segment = $2) AND ($3::text IS NULL OR m.country = $3)
                AND ($5::numeric IS NULL OR m.net_revenue >= $5)
            )
            SELECT f.customer_id, f.segment, f.country, f.net_revenue, f.purchase_count, f.tenure_days,
              round(f.net_revenue * 12 * 30.4375 / greatest(30.4375, f.tenure_days), 2) AS forecast_12m,
              s.predicted_clv, s.p_alive, s.expected_purchases, s.horizon_months, s.model_id, s.model_version
            FROM f LEFT JOIN analytics.customer_scores s ON s.tenant_id = $1 AND s.customer_id = f.customer_id
            ORDER BY forecast_12m DESC, f.customer_id LIMIT $6
            """;
    private static final List<Column> COLUMNS = List.of(new Column("customer_id", "String"),
            new Column("segment", "Nullable(String)"), new Column("country", "Nullable(String)"),
            new Column("ltv", "Decimal"), new Column("transaction_count", "UInt64"),
            new Column("tenure_days", "Int32"), new Column("forecast_12m", "Decimal"),
            new Column("ml_predicted_clv", "Nullable(Decimal)"), new Column("ml_p_alive", "Nullable(Float64)"),
            new Column("ml_expected_purchases", "Nullable(Float64)"),
            new Column("ml_horizon_months", "Nullable(Int32)"), new Column("ml_model_id", "Nullable(String)"),
            new Column("ml_model_version", "Nullable(Int32)"));
    private final Pool pool;

    public LtvForecastPipe(Pool pool) {
        this.pool = pool;
    }

    @Override
    public boolean heavy() {
        return true;
    }

    @Override
    public String name() {
        return "ltv_forecast";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        BigDecimal minLtv = params.decimal("min_ltv");
        Tuple args = Tuple.tuple().addString(tenant).addString(params.text("segment"))
                .addString(params.text("country"))
                .addLong((long) params.integer("min_transactions", 1, 0, Integer.MAX_VALUE))
                .addValue(minLtv == null ? null : Numeric.create(minLtv)).addInteger(params.limit(100));
        return CancellableQuery.execute(pool, SQL, args).map(Rows::of);
    }
}
