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

    static int health(Facts f, LocalDate today) {
        Long r = recency(f, today);
        int score = 1;
        score += r == null ? 0 : r <= 30 ? 2 : r <= 90 ? 1 : 0;
        score += f.purchases >= 5 ? 1 : 0;
        if (f.rated > 0) {
            double mean = (double) f.ratedSum / f.rated;
            score += mean >= 4 ? 1 : mean < 3 ? -1 : 0;
        }
        score -= f.support >= 3 ? 1 : 0;
        return Math.max(1, Math.min(5, score));
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
