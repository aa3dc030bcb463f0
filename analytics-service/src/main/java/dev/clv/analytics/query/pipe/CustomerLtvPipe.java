package dev.clv.analytics.query.pipe;

import dev.clv.analytics.query.answer.AnswerParams;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.pipe.PipeResponse.Column;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * customer_ltv: per customer, lifetime value as net revenue (purchases minus refunds, exact), the number of
 * purchases, average order value (gross revenue / purchases, 2 decimals), first and last purchase and days since
 * registration; highest value first. Filters: registration start_date/end_date, country, segment, is_active.
 */
@ApplicationScoped
public class CustomerLtvPipe implements Pipe {
    private static final String SQL = """
            SELECT m.customer_id, m.net_revenue, m.purchase_count,
              CASE WHEN m.purchase_count > 0 THEN round(m.gross_revenue / m.purchase_count, 2) END,
              m.first_purchase_at, m.last_purchase_at,
              (now() AT TIME ZONE 'UTC')::date - (m.registration_date AT TIME ZONE 'UTC')::date
            FROM analytics.customer_metrics m
            WHERE %s
            ORDER BY m.net_revenue DESC, m.customer_id DESC LIMIT $8
            """.formatted(CustomerFilter.WHERE);
    private static final List<Column> COLUMNS = List.of(new Column("customer_id", "String"),
            new Column("ltv", "Decimal"), new Column("transaction_count", "UInt64"),
            new Column("avg_order_value", "Nullable(Decimal)"), new Column("first_purchase", "Nullable(DateTime)"),
            new Column("last_purchase", "Nullable(DateTime)"), new Column("tenure_days", "Nullable(Int32)"));
    private final Pool pool;

    public CustomerLtvPipe(Pool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "customer_ltv";
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Uni<List<List<Object>>> run(String tenant, AnswerParams params) {
        CustomerFilter filter = CustomerFilter.of(tenant, params, true);
        return pool.preparedQuery(SQL).execute(filter.tuple().addInteger(params.limit(100))).map(Rows::of);
    }
}
