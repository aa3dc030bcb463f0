package dev.clv.prediction.scoring;

import dev.clv.prediction.FeatureRow;

/**
 * One prediction: by {@code customerId} (features computed by analytics as of today) or by explicit
 * {@code features}. {@code horizon} in {@code timeUnit} (default 12 months) and the monthly {@code discountRate}
 * (default 0.01) shape the CLV.
 */
public record PredictionRequest(String customerId, FeatureRow features, Double horizon, String timeUnit,
        Double discountRate) {
}
