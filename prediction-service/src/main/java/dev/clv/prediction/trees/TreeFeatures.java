package dev.clv.prediction.trees;

import java.util.List;

import dev.clv.prediction.FeatureRow;

/**
 * The gradient-boosted model's input vector, in a fixed order, NaN for a missing value (both XGBoost and the
 * exported ONNX graph send NaN down each split's learned default branch). Gender and country become codes: gender
 * by a fixed table, country by its index in the model's own vocabulary (countries unseen in training are missing).
 */
public final class TreeFeatures {
    public static final List<String> NAMES = List.of("recency", "frequency", "monetary_value", "tenure",
            "avg_order_value", "days_between_purchases", "total_orders", "age", "gender", "country", "interactions",
            "satisfaction");
    private static final List<String> GENDERS = List.of("female", "male", "other");

    private TreeFeatures() {
    }

    public static int width() {
        return NAMES.size();
    }

    /** Writes {@code row}'s vector into {@code into} at {@code offset}. */
    public static void encode(FeatureRow row, List<String> countries, float[] into, int offset) {
        into[offset] = value(row.recency());
        into[offset + 1] = value(row.frequency());
        into[offset + 2] = value(row.monetaryValue());
        into[offset + 3] = value(row.tenure());
        into[offset + 4] = value(row.avgOrderValue());
        into[offset + 5] = value(row.daysBetweenPurchases());
        into[offset + 6] = value(row.totalOrders());
        into[offset + 7] = value(row.age());
        into[offset + 8] = code(GENDERS, row.gender());
        into[offset + 9] = code(countries, row.country());
        into[offset + 10] = value(row.interactions());
        into[offset + 11] = value(row.satisfaction());
    }

    private static float value(Number n) {
        return n == null ? Float.NaN : n.floatValue();
    }

    private static float code(List<String> vocabulary, String value) {
        int i = value == null ? -1 : vocabulary.indexOf(value.toLowerCase(java.util.Locale.ROOT));
        return i < 0 ? Float.NaN : i;
    }
}
