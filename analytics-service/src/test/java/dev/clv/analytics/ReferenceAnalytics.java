package dev.clv.analytics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.clv.datagen.Dataset;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedTransaction;

/**
 * The pipes' answers computed a second way: plain Java loops over the generator's rows, with no SQL and none of
 * the service's code, following the definitions written in each pipe's documentation.
 */
final class ReferenceAnalytics {
    record Ltv(BigDecimal net, long purchases, BigDecimal gross, Instant first, Instant last, String firstChannel,
            String firstPayment, String firstId) {
    }

    private final Dataset data;
    final Map<String, Ltv> ltv = new HashMap<>();

    ReferenceAnalytics(Dataset data) {
        this.data = data;
        for (GeneratedCustomer c : data.customers()) {
            ltv.put(c.customerId(), new Ltv(BigDecimal.ZERO, 0, BigDecimal.ZERO, null, null, null, null, null));
        }
        for (GeneratedTransaction t : data.transactions()) {
            Ltv l = ltv.get(t.customerId());
            BigDecimal net = t.isRefund() ? t.amount().abs().negate() : t.amount();
            boolean earlier = !t.isRefund() && (l.first() == null || t.transactionDate().isBefore(l.first())
                    || t.transactionDate().equals(l.first()) && t.transactionId().compareTo(l.firstId()) < 0);
            ltv.put(t.customerId(), new Ltv(l.net().add(net), l.purchases() + (t.isRefund() ? 0 : 1),
                    t.isRefund() ? l.gross() : l.gross().add(t.amount()), earlier ? t.transactionDate() : l.first(),
                    t.isRefund() || l.last() != null && l.last().isAfter(t.transactionDate())
                            ? l.last()
                            : t.transactionDate(),
                    earlier ? t.channel() : l.firstChannel(), earlier ? t.paymentMethod() : l.firstPayment(),
                    earlier ? t.transactionId() : l.firstId()));
        }
    }

    static YearMonth month(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC));
    }

    static int monthsBetween(YearMonth from, YearMonth to) {
        return (to.getYear() - from.getYear()) * 12 + to.getMonthValue() - from.getMonthValue();
    }

    /** Per cohort month: customers, total net revenue, revenue by month since registration, active buyers. */
    record Cohort(long customers, BigDecimal total, Map<Integer, BigDecimal> revenue, Map<Integer, Long> active) {
    }

    TreeMap<YearMonth, Cohort> cohorts() {
        TreeMap<YearMonth, Cohort> out = new TreeMap<>();
        Map<String, YearMonth> cohortOf = new HashMap<>();
        for (GeneratedCustomer c : data.customers()) {
            YearMonth m = month(c.registrationDate());
            cohortOf.put(c.customerId(), m);
            Cohort old = out.getOrDefault(m, new Cohort(0, BigDecimal.ZERO, new TreeMap<>(), new TreeMap<>()));
            out.put(m, new Cohort(old.customers() + 1, old.total().add(ltv.get(c.customerId()).net()), old.revenue(),
                    old.active()));
        }
        Map<String, java.util.Set<Integer>> activeMonths = new HashMap<>();
        for (GeneratedTransaction t : data.transactions()) {
            YearMonth cohort = cohortOf.get(t.customerId());
            int k = monthsBetween(cohort, month(t.transactionDate()));
            BigDecimal net = t.isRefund() ? t.amount().abs().negate() : t.amount();
            out.get(cohort).revenue().merge(Math.max(0, k), net, BigDecimal::add);
            if (!t.isRefund() && k >= 0 && activeMonths.computeIfAbsent(t.customerId(), x -> new java.util.HashSet<>())
                    .add(k)) {
                out.get(cohort).active().merge(k, 1L, Long::sum);
            }
        }
        return out;
    }

    YearMonth newestActivity() {
        return data.transactions().stream().map(t -> month(t.transactionDate())).max(YearMonth::compareTo)
                .orElseThrow();
    }

    /** Per factor and value: the net revenues of the customers in it. */
    Map<String, Map<String, List<BigDecimal>>> factorGroups() {
        Map<String, Map<String, List<BigDecimal>>> out = new TreeMap<>();
        for (GeneratedCustomer c : data.customers()) {
            Ltv l = ltv.get(c.customerId());
            String band = c.age() < 25
                    ? "under_25"
                    : c.age() < 35
                            ? "25_34"
                            : c.age() < 45
                                    ? "35_44"
                                    : c.age() < 55 ? "45_54" : c.age() < 65 ? "55_64" : "65_plus";
            String[][] factors = {{"country", c.country()}, {"city", c.city()}, {"age_band", band},
                    {"gender", c.gender()}, {"acquisition_source", c.acquisitionSource()}, {"segment", c.segment()},
                    {"channel", l.firstChannel()}, {"payment_method", l.firstPayment()}};
            for (String[] f : factors) {
                if (f[1] != null) {
                    out.computeIfAbsent(f[0], k -> new TreeMap<>()).computeIfAbsent(f[1], k -> new ArrayList<>())
                            .add(l.net());
                }
            }
        }
        return out;
    }

    static BigDecimal mean(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128);
    }

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return sorted.get((n - 1) / 2).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 3, RoundingMode.UNNECESSARY)
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** One customer's RFM values, scores and segment. */
    record Rfm(String customerId, long recencyDays, long frequency, BigDecimal monetary, int r, int f, int m,
            String segment) {
    }

    // the usual RFM grid, row R = 1..5, column F = 1..5
    private static final String[][] GRID = {
            {"Lost", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"},
            {"Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"},
            {"About to Sleep", "About to Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"},
            {"Promising", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Loyal Customers"},
            {"New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"}};

    /** RFM over the purchases whose UTC day is in [from, to] (null: open), recency counted to asOf. */
    Map<String, Rfm> rfm(java.time.LocalDate from, java.time.LocalDate to, java.time.LocalDate asOf) {
        return rfm(from, to, asOf, null);
    }

    /** The same, scoring only the customers of {@code country} (null: everyone). */
    Map<String, Rfm> rfm(java.time.LocalDate from, java.time.LocalDate to, java.time.LocalDate asOf, String country) {
        java.util.Set<String> chosen = data.customers().stream().filter(c -> country == null || country.equals(c
                .country())).map(c -> c.customerId()).collect(java.util.stream.Collectors.toSet());
        Map<String, java.time.LocalDate> last = new HashMap<>();
        Map<String, Long> count = new HashMap<>();
        Map<String, BigDecimal> money = new HashMap<>();
        for (GeneratedTransaction t : data.transactions()) {
            java.time.LocalDate day = t.transactionDate().atOffset(ZoneOffset.UTC).toLocalDate();
            if (from != null && day.isBefore(from) || to != null && day.isAfter(to) || !chosen.contains(t
                    .customerId())) {
                continue;
            }
            money.merge(t.customerId(), t.isRefund() ? t.amount().abs().negate() : t.amount(), BigDecimal::add);
            if (!t.isRefund()) {
                count.merge(t.customerId(), 1L, Long::sum);
                last.merge(t.customerId(), day, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<String> scored = new ArrayList<>(count.keySet());
        Map<String, Rfm> out = new HashMap<>();
        for (String id : scored) {
            int r = quintile(scored.stream().filter(o -> last.get(o).isBefore(last.get(id))).count(), scored.size());
            int f = quintile(scored.stream().filter(o -> count.get(o) < count.get(id)).count(), scored.size());
            int m = quintile(scored.stream().filter(o -> money.get(o).compareTo(money.get(id)) < 0).count(),
                    scored.size());
            out.put(id, new Rfm(id, java.time.temporal.ChronoUnit.DAYS.between(last.get(id), asOf), count.get(id),
                    money.get(id), r, f, m, GRID[r - 1][f - 1]));
        }
        return out;
    }

    private static int quintile(long worse, int n) {
        return 1 + (int) (5 * worse / n);
    }

    /** The documented 12-month heuristic: net revenue × 12 / max(1, tenure days from first purchase / 30.4375). */
    static BigDecimal forecast12m(Ltv l, java.time.LocalDate today) {
        long tenure = java.time.temporal.ChronoUnit.DAYS.between(l.first().atOffset(ZoneOffset.UTC).toLocalDate(),
                today) + 1;
        // net × 12 / (days / 30.4375) = net × 12 × 30.4375 / days, divided last: the quotient is then exact where
        // it can be (915.60 × 30.4375 / 763 is 36.525, a tie that an earlier inexact division rounded down)
        BigDecimal days = BigDecimal.valueOf(tenure).max(new BigDecimal("30.4375"));
        return l.net().multiply(BigDecimal.valueOf(12)).multiply(new BigDecimal("30.4375")).divide(days,
                MathContext.DECIMAL128).setScale(2, RoundingMode.HALF_UP);
    }
}
