package dev.clv.analytics.query.product;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * A product's monthly series, the months without a row as zeros so that a chart has no holes: every month of the
 * window when both its ends are given (at most {@link ProductWindow#MAX_MONTHS}), else from the product's first to
 * its last month with a row inside the window (none: no months).
 */
final class MonthSeries {
    private MonthSeries() {
    }

    static List<ProductDetail.Month> of(RowSet<Row> rows, ProductWindow window) {
        Map<YearMonth, ProductDetail.Month> stored = new TreeMap<>();
        for (Row r : rows) {
            YearMonth month = YearMonth.from(r.getLocalDate("month"));
            BigDecimal gross = r.getBigDecimal("gross_revenue");
            BigDecimal refunded = r.getBigDecimal("refund_total");
            stored.put(month, new ProductDetail.Month(month.toString(), r.getLong("purchases"), r.getLong("buyers"),
                    gross, r.getLong("refunds"), refunded, gross.subtract(refunded)));
        }
        List<ProductDetail.Month> out = new ArrayList<>();
        boolean bounded = window.from() != null && window.to() != null;
        if (!bounded && stored.isEmpty()) {
            return out;
        }
        List<YearMonth> months = new ArrayList<>(stored.keySet());
        YearMonth first = bounded ? window.from() : months.get(0);
        YearMonth last = bounded ? window.to() : months.get(months.size() - 1);
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            ProductDetail.Month row = stored.get(m);
            out.add(row != null
                    ? row
                    : new ProductDetail.Month(m.toString(), 0, 0, BigDecimal.ZERO, 0,
                            BigDecimal.ZERO, BigDecimal.ZERO));
        }
        return out;
    }
}
