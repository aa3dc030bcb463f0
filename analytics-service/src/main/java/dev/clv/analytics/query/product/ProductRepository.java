package dev.clv.analytics.query.product;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.query.answer.CancellableQuery;
import dev.clv.analytics.query.customer.Cursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Product lists (keyset pages over the computed product rows) and single products with their months. */
@ApplicationScoped
public class ProductRepository {
    private final Pool pool;
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    public ProductRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page, and the cursor of the next one (null on the last page). */
    public record Page(List<ProductSummary> products, String nextCursor) {
    }

    /** A product row with the month its lifecycle stage was judged at. */
    record Judged(ProductSummary product, YearMonth reference) {
    }

    public Uni<Page> list(String tenant, ProductListQuery q) {
        String ordering = ProductListQuery.ordering(q.sort(), q.descending());
        String sql = statements.computeIfAbsent(ordering, o -> ProductSql.page(ProductListQuery.SORTS.get(q.sort()),
                q.descending()));
        Tuple args = window(tenant, q.window()).addString(q.category())
                .addString(q.after() == null ? null : q.after().get(0))
                .addString(q.after() == null ? null : q.after().get(1)).addInteger(q.limit() + 1);
        // the whole tenant's products are summed before the page is cut: stopped when its asker leaves
        return CancellableQuery.execute(pool, sql, args).map(rows -> {
            List<Row> all = new ArrayList<>(rows.size());
            rows.forEach(all::add);
            int n = Math.min(all.size(), q.limit());
            List<ProductSummary> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(judged(all.get(i)).product());
            }
            String next = all.size() <= q.limit()
                    ? null
                    : new Cursor(ordering, List.of(all.get(n - 1).getString("sort_key"), all.get(n - 1).getString(
                            "product_id"))).encode();
            return new Page(out, next);
        });
    }

    /** The product, or null when the tenant has neither sold it nor sent it in its catalogue. */
    public Uni<ProductDetail> detail(String tenant, String product, ProductWindow window) {
        Uni<Judged> row = pool.preparedQuery(ProductSql.DETAIL).execute(window(tenant, window).addString(product))
                .map(rows -> rows.size() == 0 ? null : judged(rows.iterator().next()));
        Uni<List<ProductDetail.Month>> months = pool.preparedQuery(ProductSql.MONTHS).execute(Tuple.of(tenant,
                product, ProductWindow.day(window.from()), ProductWindow.day(window.to())))
                .map(rows -> MonthSeries.of(rows, window));
        return Uni.combine().all().unis(row, months).with((judged, series) -> judged == null
                ? null
                : new ProductDetail(judged.product(), judged.reference() == null
                        ? null
                        : judged.reference().toString(), series));
    }

    private static Tuple window(String tenant, ProductWindow w) {
        return Tuple.tuple().addString(tenant).addLocalDate(ProductWindow.day(w.from()))
                .addLocalDate(ProductWindow.day(w.to())).addLocalDate(ProductWindow.day(w.reference()))
                .addInteger(LifecycleStage.WINDOW_MONTHS);
    }

    private static Judged judged(Row r) {
        YearMonth reference = month(r, "reference_month");
        BigDecimal net = r.getBigDecimal("net_revenue");
        long purchases = r.getLong("purchases");
        long refunds = r.getLong("refunds");
        BigDecimal unitCost = r.getBigDecimal("unit_cost");
        BigDecimal cost = unitCost == null ? null : unitCost.multiply(BigDecimal.valueOf(purchases - refunds));
        BigDecimal margin = cost == null ? null : net.subtract(cost);
        BigDecimal marginPct = margin == null || net.signum() == 0
                ? null
                : margin.multiply(BigDecimal.valueOf(100)).divide(net, 2, RoundingMode.HALF_UP);
        LifecycleStage stage = LifecycleStage.of(reference, month(r, "first_sale_by_reference"),
                r.getBigDecimal("recent"), r.getBigDecimal("previous"));
        return new Judged(new ProductSummary(r.getString("product_id"), r.getString("name"), r.getString("category"),
                purchases, r.getLong("buyers"), r.getLong("repeat_buyers"), r.getBigDecimal("gross_revenue"), refunds,
                r.getBigDecimal("refund_total"), net, purchases - refunds, unitCost, cost, margin, marginPct,
                unitCost != null, stage, text(month(r, "first_sale")), text(month(r, "last_sale"))), reference);
    }

    private static YearMonth month(Row r, String column) {
        LocalDate day = r.getLocalDate(column);
        return day == null ? null : YearMonth.from(day);
    }

    private static String text(YearMonth month) {
        return month == null ? null : month.toString();
    }
}
