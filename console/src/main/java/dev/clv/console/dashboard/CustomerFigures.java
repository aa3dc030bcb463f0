package dev.clv.console.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dashboard's customer figures: average lifetime value and mean predicted 12-month CLV of the scored customers
 * (now, from the per-segment lifetime-value answer), customers at risk on the range's last day (health overview),
 * and the repeat rate on the range's last day and 90 days before it (the lifecycle analysis's default window, so
 * that a range ending today reads its snapshot: of the customers who bought within 180 days, the share with two
 * purchases or more).
 */
record CustomerFigures(BigDecimal averageLtv, BigDecimal predictedClv, long scored, long atRisk,
        BigDecimal repeatRateStart, BigDecimal repeatRateEnd) {

    static CustomerFigures of(JsonNode ltvBySegment, JsonNode health, JsonNode lifecycle) {
        long customers = 0;
        long scored = 0;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal predicted = BigDecimal.ZERO;
        for (JsonNode s : ltvBySegment.path("data")) {
            customers += s.path("customers").asLong();
            total = total.add(s.path("total_ltv").decimalValue());
            long n = s.path("scored_customers").asLong();
            if (n > 0 && s.hasNonNull("avg_predicted_clv")) {
                scored += n;
                // the segment's mean back to its sum; rounded to cents by the API, so the overall mean is within a
                // cent of the exact one
                predicted = predicted.add(s.path("avg_predicted_clv").decimalValue().multiply(BigDecimal.valueOf(n)));
            }
        }
        long atRisk = 0;
        for (JsonNode s : health.path("data")) {
            if ("At Risk".equals(s.path("status").asText())) {
                atRisk = s.path("customers").asLong();
            }
        }
        return new CustomerFigures(customers == 0
                ? null
                : total.divide(BigDecimal.valueOf(customers), 2,
                        RoundingMode.HALF_UP),
                scored == 0
                        ? null
                        : predicted.divide(BigDecimal.valueOf(scored), 2,
                                RoundingMode.HALF_UP),
                scored, atRisk, repeatRate(lifecycle.path("data").path("stages_at_start")),
                repeatRate(lifecycle.path("data").path("stages_at_end")));
    }

    /** (Repeat + Loyal) ÷ (New + Repeat + Loyal) as a percentage; null without such buyers. */
    static BigDecimal repeatRate(JsonNode stages) {
        long repeat = stages.path("Repeat").asLong() + stages.path("Loyal").asLong();
        long buyers = repeat + stages.path("New").asLong();
        return buyers == 0
                ? null
                : BigDecimal.valueOf(repeat * 100).divide(BigDecimal.valueOf(buyers), 1,
                        RoundingMode.HALF_UP);
    }
}
