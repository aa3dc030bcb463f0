package dev.clv.prediction.scoring;

import java.time.LocalDate;

import dev.clv.prediction.FeatureRow;

/**
 * One prediction row as {@link RowReader} read it: by {@code customerId} alone (features computed by analytics as
 * of {@code asOf}) or with explicit {@code features}, sent in {@code features} or at the top level ({@code flat}:
 * the seed's shape, whose errors name the fields without the {@code features.} prefix). {@code horizon} in
 * {@code timeUnit} (default 12 months) and the monthly {@code discountRate} (default 0.01) shape a single CLV.
 */
public record PredictionRequest(String customerId, FeatureRow features, boolean flat, Double horizon, String timeUnit,
        Double discountRate, LocalDate asOf) {

    /** The prefix of this row's feature fields in errors. */
    public String featurePrefix() {
        return flat ? "" : "features.";
    }
}
