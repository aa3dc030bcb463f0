package dev.clv.prediction.scoring;

import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One answer. bg_nbd fills expected purchases, P(alive), expected average value and CLV; xgboost fills
 * predicted_clv. The interval bounds CLV at 90%: for bg_nbd over the bootstrap parameter sets (uncertainty of the
 * expected CLV), for xgboost from the 5% and 95% quantile models (a prediction interval for the customer's value).
 * {@code asOf} is the reference date: the day the features describe, from which the horizon runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String customerId, UUID modelId, int modelVersion, String modelType, Double expectedPurchases,
        Double pAlive, Double expectedAvgValue, Double clv, Double predictedClv, Interval interval, Double horizon,
        String timeUnit, LocalDate asOf) {

    /** A central interval of the given level. */
    public record Interval(double low, double high, double level) {
    }
}
