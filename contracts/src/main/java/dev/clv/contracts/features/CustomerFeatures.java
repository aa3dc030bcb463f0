package dev.clv.contracts.features;

/**
 * One customer's model inputs as of a calibration end, as the analytics service computes them for the prediction
 * service ({@code POST /v1/model-features}). Purchases count per UTC day with a positive purchase total; values
 * are net of refunds; durations are in days.
 *
 * @param daysObserved T of BG/NBD: from the first purchase day to the calibration end; null without a purchase
 * @param repeatPurchases x of BG/NBD: purchase days after the first
 * @param daysToLastPurchase t_x of BG/NBD: from the first purchase day to the last
 * @param repeatMeanValue mean net value per repeat purchase day (net value after the first day / x), 0 without
 * @param recency days from the last purchase to the calibration end
 * @param frequency purchase days
 * @param tenure days from registration (else the first purchase) to the calibration end
 * @param holdoutPurchases purchase days after the calibration end up to the holdout end; null without a holdout
 * @param holdoutValue net value in the same window; null without a holdout
 */
public record CustomerFeatures(String customerId, Double daysObserved, int repeatPurchases,
        double daysToLastPurchase, double repeatMeanValue, Double recency, int frequency, double monetaryValue,
        Double tenure, Double avgOrderValue, Double daysBetweenPurchases, int totalOrders, Integer age, String gender,
        String country, long interactions, Double satisfaction, Integer holdoutPurchases, Double holdoutValue) {
}
