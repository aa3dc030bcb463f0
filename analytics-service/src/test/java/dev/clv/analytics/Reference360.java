package dev.clv.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.clv.datagen.Dataset;
import dev.clv.datagen.GeneratedCustomer;
import dev.clv.datagen.GeneratedInteraction;
import dev.clv.datagen.GeneratedTransaction;

/**
 * The Customer 360 definitions (README) applied in plain Java to the generator's rows: per customer, the facts
 * every answer starts from, and status and health score by the documented rules.
 */
final class Reference360 {
    /** One customer's facts. */
    static final class Facts {
        GeneratedCustomer customer;
        LocalDate lastPurchase;
        long purchases;
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal gross = BigDecimal.ZERO;
        long ratedSum;
        long rated;
        long support;
        long app;
        long web;
        /** category → {purchases, refunds}, gross and refunded amounts. */
        final Map<String, long[]> categoryCounts = new TreeMap<>();
        final Map<String, BigDecimal[]> categoryMoney = new TreeMap<>();
    }

    final Map<String, Facts> facts = new HashMap<>();

    Reference360(Dataset data) {
        for (GeneratedCustomer c : data.customers()) {
            facts.computeIfAbsent(c.customerId(), k -> new Facts()).customer = c;
        }
        for (GeneratedTransaction t : data.transactions()) {
            Facts f = facts.get(t.customerId());
            String category = t.productCategory() == null ? "uncategorized" : t.productCategory();
            long[] counts = f.categoryCounts.computeIfAbsent(category, k -> new long[2]);
            BigDecimal[] money = f.categoryMoney.computeIfAbsent(category, k -> new BigDecimal[]{BigDecimal.ZERO,
                    BigDecimal.ZERO});
            if (t.isRefund()) {
                f.net = f.net.subtract(t.amount().abs());
                counts[1]++;
                money[1] = money[1].add(t.amount().abs());
            } else {
                f.net = f.net.add(t.amount());
                f.gross = f.gross.add(t.amount());
                f.purchases++;
                counts[0]++;
                money[0] = money[0].add(t.amount());
                LocalDate day = t.transactionDate().atOffset(ZoneOffset.UTC).toLocalDate();
                f.lastPurchase = f.lastPurchase == null || day.isAfter(f.lastPurchase) ? day : f.lastPurchase;
            }
        }
        for (GeneratedInteraction i : data.interactions()) {
            Facts f = facts.get(i.customerId());
            if (i.satisfactionScore() != null) {
                f.ratedSum += i.satisfactionScore();
                f.rated++;
            }
            f.support += "support_contact".equals(i.interactionType()) ? 1 : 0;
            f.app += "app".equals(i.channel()) ? 1 : 0;
            f.web += "web".equals(i.channel()) ? 1 : 0;
        }
    }

    static Long recency(Facts f, LocalDate today) {
        return f.lastPurchase == null ? null : Math.max(0, ChronoUnit.DAYS.between(f.lastPurchase, today));
    }

    static String status(Facts f, LocalDate today) {
        long tenure = ChronoUnit.DAYS.between(f.customer.registrationDate().atOffset(ZoneOffset.UTC).toLocalDate(),
                today);
        Long r = recency(f, today);
        if (tenure <= 30) {
            return "New";
        }
        if (r != null && r <= 90) {
            return "Active";
        }
        if (r != null ? r <= 180 : tenure <= 180) {
            return "At Risk";
        }
        return "Churned";
    }

    /**
     * The continuous health score as documented, in exact fractions: 1 + recency (2 to 30 days, linear to 1 at 90
     * and to 0 at 180) + purchases (0.2 each, at most 1) + (mean satisfaction − 3, within ±1) − support (1/3 each,
     * at most 1), clamped to 1–5 and rounded half up to two decimals.
     */
    static BigDecimal health(Facts f, LocalDate today) {
        return health(recency(f, today), f.purchases, f.ratedSum, f.rated, f.support);
    }

    static BigDecimal health(Long r, long purchases, long ratedSum, long rated, long support) {
        Fraction score = Fraction.of(1, 1);
        if (r != null) {
            score = score.plus(r <= 30
                    ? Fraction.of(2, 1)
                    : r <= 90
                            ? Fraction.of(2 * 60 - (r - 30), 60)
                            : r <= 180 ? Fraction.of(90 - (r - 90), 90) : Fraction.of(0, 1));
        }
        score = score.plus(Fraction.of(Math.min(purchases, 5), 5));
        if (rated > 0) {
            Fraction satisfaction = Fraction.of(ratedSum - 3 * rated, rated);
            score = score.plus(satisfaction.min(Fraction.of(1, 1)).max(Fraction.of(-1, 1)));
        }
        score = score.plus(Fraction.of(-Math.min(support, 3), 3));
        return score.max(Fraction.of(1, 1)).min(Fraction.of(5, 1)).rounded(2);
    }

    /** An exact fraction, for rounding computed scores once and correctly. */
    record Fraction(java.math.BigInteger n, java.math.BigInteger d) {
        static Fraction of(long n, long d) {
            return new Fraction(java.math.BigInteger.valueOf(n), java.math.BigInteger.valueOf(d));
        }

        Fraction plus(Fraction o) {
            return new Fraction(n.multiply(o.d).add(o.n.multiply(d)), d.multiply(o.d));
        }

        int compareTo(Fraction o) {
            return n.multiply(o.d).compareTo(o.n.multiply(d));
        }

        Fraction min(Fraction o) {
            return compareTo(o) <= 0 ? this : o;
        }

        Fraction max(Fraction o) {
            return compareTo(o) >= 0 ? this : o;
        }

        BigDecimal rounded(int scale) {
            return new BigDecimal(n).divide(new BigDecimal(d), scale, java.math.RoundingMode.HALF_UP);
        }
    }

    static String generation(Integer age, LocalDate today) {
        if (age == null) {
            return "unknown";
        }
        int born = today.getYear() - age;
        return born >= 1997
                ? "Gen Z"
                : born >= 1981
                        ? "Millennials"
                        : born >= 1965
                                ? "Gen X"
                                : born >= 1946
                                        ? "Baby Boomers"
                                        : "Silent";
    }
}
