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
}
