package dev.clv.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.clv.analytics.query.product.LifecycleStage;

/**
 * The product answers' definitions (docs/analytics.md) applied in plain Java to the rows a test sent: sums,
 * distinct buyers, months and the lifecycle's inputs, straight from the rows, never from the service's tables.
 */
final class ReferenceProducts {
    /** One transaction of a product (a refund carries a negative amount). */
    record Sale(String product, String customer, String category, Instant at, BigDecimal amount, boolean refund) {
        YearMonth month() {
            return YearMonth.from(at.atOffset(ZoneOffset.UTC));
        }
    }

    /** What one product's object (or one month of its series) should hold. */
    record Expected(long purchases, long buyers, long repeatBuyers, BigDecimal gross, long refunds,
            BigDecimal refunded, BigDecimal net, String category, String firstSale, String lastSale) {
    }

    private final List<Sale> sales;

    ReferenceProducts(List<Sale> sales) {
        this.sales = sales.stream().filter(s -> s.product() != null).toList();
    }

    /** Per product sold, its sums over the months {@code from}..{@code to} (null: open). */
    Map<String, Expected> products(YearMonth from, YearMonth to) {
        Map<String, Expected> out = new TreeMap<>();
        byProduct().forEach((product, rows) -> out.put(product, expected(rows, s -> (from == null || !s.month()
                .isBefore(from)) && (to == null || !s.month().isAfter(to)), rows)));
        return out;
    }

    /** One product's months that hold a row, each with that month's sums and distinct buyers. */
    Map<YearMonth, Expected> months(String product) {
        Map<YearMonth, Expected> out = new TreeMap<>();
        List<Sale> rows = byProduct().get(product);
        rows.stream().map(Sale::month).distinct().forEach(m -> out.put(m, expected(rows, s -> s.month().equals(m),
                rows)));
        return out;
    }

    /** The tenant's newest month with a purchase of a product: the default reference month. */
    YearMonth newestMonth() {
        return sales.stream().filter(s -> !s.refund()).map(Sale::month).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The stage by the documented rules, from net revenue summed here per window. */
    LifecycleStage stage(String product, YearMonth reference) {
        List<Sale> rows = byProduct().get(product);
        YearMonth first = rows.stream().filter(s -> !s.refund() && !s.month().isAfter(reference)).map(Sale::month)
                .min(Comparator.naturalOrder()).orElse(null);
        return LifecycleStage.of(reference, first, net(rows, reference.minusMonths(2), reference), net(rows,
                reference.minusMonths(5), reference.minusMonths(3)));
    }

    private Map<String, List<Sale>> byProduct() {
        return sales.stream().collect(Collectors.groupingBy(Sale::product));
    }

    private static BigDecimal net(List<Sale> rows, YearMonth from, YearMonth to) {
        return rows.stream().filter(s -> !s.month().isBefore(from) && !s.month().isAfter(to))
                .map(s -> s.refund() ? s.amount().abs().negate() : s.amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Expected expected(List<Sale> all, Predicate<Sale> inWindow, List<Sale> product) {
        List<Sale> rows = all.stream().filter(inWindow).toList();
        Map<String, Long> perCustomer = new HashMap<>();
        rows.stream().filter(s -> !s.refund()).forEach(s -> perCustomer.merge(s.customer(), 1L, Long::sum));
        BigDecimal gross = rows.stream().filter(s -> !s.refund()).map(Sale::amount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        BigDecimal refunded = rows.stream().filter(Sale::refund).map(s -> s.amount().abs()).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        // the category its rows carry most, ties to the first name; all time, as is each first and last sale
        Map<String, Long> categories = new TreeMap<>();
        product.forEach(s -> categories.merge(s.category() == null ? "uncategorized" : s.category(), 1L, Long::sum));
        String category = categories.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
        List<YearMonth> sold = product.stream().filter(s -> !s.refund()).map(Sale::month).sorted().toList();
        return new Expected(rows.stream().filter(s -> !s.refund()).count(), perCustomer.size(), perCustomer.values()
                .stream().filter(n -> n >= 2).count(), gross, rows.stream().filter(Sale::refund).count(), refunded,
                gross.subtract(refunded), category, sold.isEmpty() ? null : sold.get(0).toString(), sold.isEmpty()
                        ? null
                        : sold.get(sold.size() - 1).toString());
    }
}
