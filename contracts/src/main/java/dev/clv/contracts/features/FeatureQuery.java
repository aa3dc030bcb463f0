package dev.clv.contracts.features;

import java.time.LocalDate;
import java.util.List;

/**
 * Which customers' features to compute: all of the tenant's customers seen by {@code calibrationEnd} (inclusive,
 * UTC) when {@code customerIds} is empty, else those named (at most 10,000). {@code holdoutEnd}, when given, adds
 * each customer's purchases after the calibration end up to it.
 */
public record FeatureQuery(LocalDate calibrationEnd, LocalDate holdoutEnd, List<String> customerIds) {
    public static final int MAX_IDS = 10_000;
}
