package dev.clv.prediction.scoring;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.FeatureRow;
import dev.clv.prediction.btyd.PurchaseHistory;

/** One row to score: the BG/NBD history in days and the tree features, from analytics or from the caller. */
public record ScoringInput(String customerId, PurchaseHistory historyInDays, FeatureRow row) {

    public static ScoringInput of(CustomerFeatures f) {
        PurchaseHistory h = f.daysObserved() == null
                ? new PurchaseHistory(0, 0, 0, 0)
                : new PurchaseHistory(f.repeatPurchases(), f.daysToLastPurchase(), f.daysObserved(),
                        f.repeatMeanValue());
        return new ScoringInput(f.customerId(), h, FeatureRow.of(f));
    }

    /**
     * From explicit features: x = frequency - 1, T = tenure, t_x = tenure - recency, mean spend = avg_order_value.
     * A customer without purchases (frequency 0 or absent) is scored as just acquired.
     */
    public static ScoringInput of(String customerId, FeatureRow f) {
        int frequency = f.frequency() == null ? 0 : f.frequency();
        if (frequency < 0) {
            throw ProblemException.badRequest("features.frequency", "must not be negative");
        }
        if (frequency == 0) {
            return new ScoringInput(customerId, new PurchaseHistory(0, 0, 0, 0), f);
        }
        if (f.tenure() == null || f.tenure() < 0) {
            throw ProblemException.badRequest("features.tenure", "is required (days since the first purchase, >= 0)");
        }
        double recency = f.recency() == null ? 0 : f.recency();
        if (recency < 0 || recency > f.tenure()) {
            throw ProblemException.badRequest("features.recency", "must be between 0 and tenure");
        }
        if (frequency > 1 && recency == f.tenure()) {
            throw ProblemException.badRequest("features.recency", "must be below tenure when there are repeat "
                    + "purchases (the last one came after the first)");
        }
        double spend = f.avgOrderValue() == null ? 0 : Math.max(0, f.avgOrderValue());
        return new ScoringInput(customerId, new PurchaseHistory(frequency - 1, frequency == 1
                ? 0
                : f.tenure()
                        - recency,
                f.tenure(), frequency == 1 ? 0 : spend), f);
    }
}
