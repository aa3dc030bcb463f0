package dev.clv.analytics.query.report;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * revenue: per period, orders, gross revenue, refunds, refunded amount, net revenue and average order value, in
 * the tenant's reporting currency (each local day's amounts at that day's rate). Amounts in a currency without a
 * rate are left out and that currency is named in missing_rates, never silently added at 1:1.
 */
@ApplicationScoped
public class RevenueReport implements Report {
    private static final String SQL = """
            SELECT (q.bucket AT TIME ZONE $4)::date AS day, q.currency, sum(q.orders) AS orders,
              sum(q.gross_revenue) AS gross, sum(q.refunds) AS refunds, sum(q.refund_total) AS refunded,
              sum(q.net_revenue) AS net
            FROM analytics.tenant_sales_quarters q
            WHERE q.tenant_id = $1 AND q.bucket >= $2 AND q.bucket < $3
            GROUP BY 1, 2
            """;
    private final Pool pool;
    private final CurrencyRates currencies;

    public RevenueReport(Pool pool, CurrencyRates currencies) {
        this.pool = pool;
        this.currencies = currencies;
    }

    @Override
    public String name() {
        return "revenue";
    }

    private static final class Sums {
        long orders;
        long refunds;
        BigDecimal gross = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        BigDecimal net = BigDecimal.ZERO;
    }

    @Override
    public Uni<ReportResult> run(String tenant, ReportParams params) {
        Tuple args = Tuple.of(tenant, params.from().atOffset(ZoneOffset.UTC), params.to().atOffset(ZoneOffset.UTC),
                params.zone().getId());
        return Uni.combine().all().unis(CancellableQuery.execute(pool, SQL, args), currencies.table(tenant))
                .with((rows, rates) -> {
                    PeriodRows<Sums> periods = new PeriodRows<>(params, Sums::new);
                    TreeSet<String> missing = new TreeSet<>();
                    for (Row r : rows) {
                        LocalDate day = r.getLocalDate("day");
                        BigDecimal rate = rates.rate(r.getString("currency"), day);
                        if (rate == null) {
                            missing.add(r.getString("currency"));
                            continue;
                        }
                        Sums s = periods.at(day);
                        s.orders += r.getLong("orders");
                        s.refunds += r.getLong("refunds");
                        s.gross = s.gross.add(r.getBigDecimal("gross").multiply(rate));
                        s.refunded = s.refunded.add(r.getBigDecimal("refunded").multiply(rate));
                        s.net = s.net.add(r.getBigDecimal("net").multiply(rate));
                    }
                    return new ReportResult(periods.rows((period, s) -> {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("orders", s.orders);
                        v.put("gross_revenue", money(s.gross));
                        v.put("refunds", s.refunds);
                        v.put("refund_total", money(s.refunded));
                        v.put("net_revenue", money(s.net));
                        v.put("avg_order_value", s.orders == 0
                                ? null
                                : s.gross.divide(BigDecimal.valueOf(s.orders), 2, RoundingMode.HALF_UP));
                        return v;
                    }), rates.reportingCurrency(), missing.isEmpty() ? null : java.util.List.copyOf(missing));
                });
    }

    // converted amounts carry the rate's digits; a report shows cents
    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
