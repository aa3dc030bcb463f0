package dev.clv.analytics.projection.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * One batch's deltas to the tenant-wide rollup rows (15-minute sales and activity buckets, product sales, product
 * months, buyer days and months), as the batch's statements return them, summed per key so that each row is
 * written once, at the end.
 */
final class HotRollups {
    record Key(String tenant, String key, String category, OffsetDateTime bucket) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = tenant.compareTo(o.tenant);
            c = c != 0 ? c : compare(bucket, o.bucket);
            c = c != 0 ? c : compare(key, o.key);
            return c != 0 ? c : compare(category, o.category);
        }

        private static <T extends Comparable<T>> int compare(T a, T b) {
            return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
        }
    }

    /** Purchases (orders), gross revenue, refunds, refunded amount, net revenue. */
    record Sales(long purchases, BigDecimal gross, long refunds, BigDecimal refunded, BigDecimal net) {
        Sales plus(Sales o) {
            return new Sales(purchases + o.purchases, gross.add(o.gross), refunds + o.refunds,
                    refunded.add(o.refunded), net.add(o.net));
        }
    }

    private final Map<Key, Sales> quarters = new TreeMap<>();
    private final Map<Key, Sales> products = new TreeMap<>();
    // per product and month: the month's first instant (UTC) as the bucket
    private final Map<Key, Sales> productMonths = new TreeMap<>();
    // interactions, app, web, support contacts, satisfaction sum, satisfaction count, events
    private final Map<Key, long[]> activity = new TreeMap<>();
    // per tenant and UTC day or month (its first instant as the bucket): buyers and retained buyers
    private final Map<Key, long[]> buyerDays = new TreeMap<>();
    private final Map<Key, long[]> buyerMonths = new TreeMap<>();

    /** Rows of the transactions statement: kind, tenant, currency or product, category, bucket, sums. */
    void addSales(RowSet<Row> rows) {
        for (Row r : rows) {
            String kind = r.getString(0);
            if ("cohort".equals(kind)) {
                continue; // CohortDeltas reads those
            }
            if ("buyer_day".equals(kind) || "buyer_month".equals(kind)) {
                ("buyer_day".equals(kind) ? buyerDays : buyerMonths).merge(new Key(r.getString(1), null, null,
                        r.getOffsetDateTime(4)),
                        new long[]{r.getLong(5), r.getLong(7)}, (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
                continue;
            }
            boolean quarter = "quarter".equals(kind);
            boolean month = "product_month".equals(kind);
            boolean bucketed = quarter || month;
            Key key = new Key(r.getString(1), r.getString(2), bucketed ? null : r.getString(3),
                    bucketed ? r.getOffsetDateTime(4) : null);
            Sales sums = new Sales(r.getLong(5), r.getBigDecimal(6), r.getLong(7), r.getBigDecimal(8),
                    quarter ? r.getBigDecimal(9) : BigDecimal.ZERO);
            (quarter ? quarters : month ? productMonths : products).merge(key, sums, Sales::plus);
        }
    }

    /** Rows of the interactions and events statements: tenant, bucket, seven counts. */
    void addActivity(RowSet<Row> rows) {
        for (Row r : rows) {
            long[] counts = new long[7];
            for (int i = 0; i < 7; i++) {
                counts[i] = r.getLong(2 + i);
            }
            activity.merge(new Key(r.getString(0), null, null, r.getOffsetDateTime(1)), counts, (a, b) -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                return a;
            });
        }
    }

    List<Map.Entry<Key, Sales>> quarters() {
        return List.copyOf(quarters.entrySet());
    }

    List<Map.Entry<Key, Sales>> products() {
        return List.copyOf(products.entrySet());
    }

    List<Map.Entry<Key, Sales>> productMonths() {
        return List.copyOf(productMonths.entrySet());
    }

    List<Map.Entry<Key, long[]>> activity() {
        return List.copyOf(activity.entrySet());
    }

    List<Map.Entry<Key, long[]>> buyerDays() {
        return List.copyOf(buyerDays.entrySet());
    }

    List<Map.Entry<Key, long[]>> buyerMonths() {
        return List.copyOf(buyerMonths.entrySet());
    }

    /** Arguments of HOT_BUYER_DAYS and HOT_BUYER_MONTHS: tenant, UTC day (or month's first day), the two counts. */
    static Tuple buyerArgs(List<Map.Entry<Key, long[]>> rows) {
        return Tuple.tuple().addArrayOfString(keys(rows, Key::tenant))
                .addArrayOfLocalDate(rows.stream().map(e -> e.getKey().bucket().withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDate()).toArray(LocalDate[]::new))
                .addArrayOfLong(rows.stream().map(e -> e.getValue()[0]).toArray(Long[]::new))
                .addArrayOfLong(rows.stream().map(e -> e.getValue()[1]).toArray(Long[]::new));
    }

    static Tuple quarterArgs(List<Map.Entry<Key, Sales>> rows) {
        return Tuple.tuple().addArrayOfString(keys(rows, Key::tenant)).addArrayOfOffsetDateTime(rows.stream()
                .map(e -> e.getKey().bucket()).toArray(OffsetDateTime[]::new)).addArrayOfString(keys(rows, Key::key))
                .addArrayOfLong(longs(rows, Sales::purchases)).addValue(numerics(rows, Sales::gross))
                .addArrayOfLong(longs(rows, Sales::refunds)).addValue(numerics(rows, Sales::refunded))
                .addValue(numerics(rows, Sales::net));
    }

    static Tuple productArgs(List<Map.Entry<Key, Sales>> rows) {
        return Tuple.tuple().addArrayOfString(keys(rows, Key::tenant)).addArrayOfString(keys(rows, Key::key))
                .addArrayOfString(keys(rows, Key::category)).addArrayOfLong(longs(rows, Sales::purchases))
                .addValue(numerics(rows, Sales::gross)).addArrayOfLong(longs(rows, Sales::refunds))
                .addValue(numerics(rows, Sales::refunded));
    }

    static Tuple productMonthArgs(List<Map.Entry<Key, Sales>> rows) {
        return Tuple.tuple().addArrayOfString(keys(rows, Key::tenant)).addArrayOfString(keys(rows, Key::key))
                .addArrayOfLocalDate(rows.stream().map(e -> e.getKey().bucket().withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDate()).toArray(LocalDate[]::new))
                .addArrayOfLong(longs(rows, Sales::purchases)).addValue(numerics(rows, Sales::gross))
                .addArrayOfLong(longs(rows, Sales::refunds)).addValue(numerics(rows, Sales::refunded));
    }

    static Tuple activityArgs(List<Map.Entry<Key, long[]>> rows) {
        Tuple t = Tuple.tuple().addArrayOfString(keys(rows, Key::tenant)).addArrayOfOffsetDateTime(rows.stream()
                .map(e -> e.getKey().bucket()).toArray(OffsetDateTime[]::new));
        for (int i = 0; i < 7; i++) {
            int column = i;
            t.addArrayOfLong(rows.stream().map(e -> e.getValue()[column]).toArray(Long[]::new));
        }
        return t;
    }

    private static <V> String[] keys(List<Map.Entry<Key, V>> rows, Function<Key, String> field) {
        return rows.stream().map(e -> field.apply(e.getKey())).toArray(String[]::new);
    }

    private static Long[] longs(List<Map.Entry<Key, Sales>> rows, Function<Sales, Long> field) {
        return rows.stream().map(e -> field.apply(e.getValue())).toArray(Long[]::new);
    }

    private static Numeric[] numerics(List<Map.Entry<Key, Sales>> rows, Function<Sales, BigDecimal> field) {
        return rows.stream().map(e -> Numeric.create(field.apply(e.getValue()))).toArray(Numeric[]::new);
    }
}
