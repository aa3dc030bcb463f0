package dev.clv.prediction.scoring;

import java.time.LocalDate;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.FeatureRow;
import dev.clv.prediction.btyd.PurchaseHistory;

/**
 * One row to score: the BG/NBD history in days, the tree features and the day they describe, from analytics or
 * from the caller.
 */
public record ScoringInput(String customerId, PurchaseHistory historyInDays, FeatureRow row, LocalDate asOf) {

    public static ScoringInput of(CustomerFeatures f, LocalDate asOf) {
        PurchaseHistory h = f.daysObserved() == null
                ? new PurchaseHistory(0, 0, 0, 0)
                : new PurchaseHistory(f.repeatPurchases(), f.daysToLastPurchase(), f.daysObserved(),
                        f.repeatMeanValue());
        return new ScoringInput(f.customerId(), h, FeatureRow.of(f), asOf);
    }

    /**
     * From explicit features (the seed's, in days): x = frequency - 1, t_x = tenure - recency, T = tenure, mean
     * spend = avg_order_value, else monetary_value / total_orders. A customer without purchases (frequency 0 or
     * absent) is scored as just acquired. Impossible combinations are 400 problems naming the field, with
     * {@code prefix} ("features." or "" for the seed's flat rows).
     */
    public static ScoringInput of(String customerId, FeatureRow f, String prefix, LocalDate asOf) {
        nonNegative(prefix + "frequency", f.frequency());
        nonNegative(prefix + "total_orders", f.totalOrders());
        nonNegative(prefix + "recency", f.recency());
        nonNegative(prefix + "tenure", f.tenure());
        nonNegative(prefix + "days_between_purchases", f.daysBetweenPurchases());
        nonNegative(prefix + "age", f.age());
        nonNegative(prefix + "interactions", f.interactions());
        int frequency = f.frequency() == null ? 0 : f.frequency();
        if (f.totalOrders() != null && f.totalOrders() < frequency) {
            throw ProblemException.badRequest(prefix + "total_orders", "must be at least frequency: every purchase "
                    + "is at least one order");
        }
        if (f.recency() != null && f.tenure() != null && f.recency() > f.tenure()) {
            throw ProblemException.badRequest(prefix + "recency", "must be between 0 and tenure: the last purchase "
                    + "cannot come before the first");
        }
        if (frequency == 0) {
            return new ScoringInput(customerId, new PurchaseHistory(0, 0, 0, 0), f, asOf);
        }
        if (f.tenure() == null) {
            throw ProblemException.badRequest(prefix + "tenure", "is required (days since the first purchase, >= 0)");
        }
        double recency = f.recency() == null ? 0 : f.recency();
        if (frequency > 1 && recency == f.tenure()) {
            throw ProblemException.badRequest(prefix + "recency", "must be below tenure when there are repeat "
                    + "purchases (the last one came after the first)");
        }
        double spend = frequency == 1 ? 0 : Math.max(0, meanSpend(f));
        return new ScoringInput(customerId, new PurchaseHistory(frequency - 1, frequency == 1
                ? 0
                : f.tenure()
                        - recency,
                f.tenure(), spend), f, asOf);
    }

    // avg_order_value stands for the mean repeat spend; without it, the mean over all orders is the next best
    private static double meanSpend(FeatureRow f) {
        if (f.avgOrderValue() != null) {
            return f.avgOrderValue();
        }
        Integer orders = f.totalOrders() != null ? f.totalOrders() : f.frequency();
        return f.monetaryValue() == null || orders == null || orders == 0 ? 0 : f.monetaryValue() / orders;
    }

    private static void nonNegative(String field, Number value) {
        if (value != null && value.doubleValue() < 0) {
            throw ProblemException.badRequest(field, "must not be negative");
        }
    }
}
