package dev.clv.prediction;

import dev.clv.contracts.features.CustomerFeatures;

/**
 * The seed's explicit prediction features (durations in days, values in the tenant's currency), plus interaction
 * counts and mean satisfaction when known. {@code frequency} counts purchase days, {@code recency} is days since
 * the last purchase and {@code tenure} days since the first; for BG/NBD they become x = frequency - 1,
 * T = tenure and t_x = tenure - recency, and {@code avg_order_value} stands for the mean repeat spend.
 */
public record FeatureRow(Double recency, Integer frequency, Double monetaryValue, Double tenure,
        Double avgOrderValue, Double daysBetweenPurchases, Integer totalOrders, Integer age, String gender,
        String country, Long interactions, Double satisfaction) {

    public static FeatureRow of(CustomerFeatures f) {
        return new FeatureRow(f.recency(), f.frequency(), f.monetaryValue(), f.tenure(), f.avgOrderValue(),
                f.daysBetweenPurchases(), f.totalOrders(), f.age(), f.gender(), f.country(), f.interactions(),
                f.satisfaction());
    }
}
