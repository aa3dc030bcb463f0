package dev.clv.analytics.query.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * One customer: the seed's customer object (its members first, at the top level), the profile as last sent, the
 * maintained aggregates, the newest model score (null before the prediction service has scored them) and the
 * RFM-independent facts a support agent asks for first.
 */
public record CustomerDetail(@JsonUnwrapped CustomerObject customer, Profile profile, CustomerSummary metrics,
        Long recencyDays, Long daysSinceLastInteraction, Prediction prediction) {

    /** The customer row as ingested; null fields were not sent. */
    public record Profile(String customerId, String name, String email, Instant registrationDate, String country,
            String city, Integer age, String gender, String acquisitionSource, String segment, String loyaltyTier,
            Boolean isActive, Map<String, Object> attributes) {
    }

    /** The newest score of the prediction service's batch scoring. */
    public record Prediction(String modelId, Integer modelVersion, BigDecimal predictedClv, Double pAlive,
            Double expectedPurchases, Integer horizonMonths, Instant scoredAt) {
    }
}
