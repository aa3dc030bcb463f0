package dev.clv.datagen;

import java.time.Instant;

/**
 * A generated customer profile and the true parameters its purchases were drawn with: purchase rate per week
 * (lambda), dropout probability after each repeat purchase (p) and mean spend per purchase.
 */
public record GeneratedCustomer(String customerId, Instant registrationDate, String country, String city, Integer age,
        String gender, String acquisitionSource, String segment, boolean isActive, String loyaltyTier,
        double trueWeeklyRate, double trueDropout, double trueMeanSpend) {

    /** The row as the ingestion API takes it for data source {@code customers}. */
    public String toJson() {
        return "{\"customer_id\":" + Json.string(customerId) + ",\"registration_date\":"
                + Json.string(registrationDate.toString()) + ",\"country\":" + Json.string(country) + ",\"city\":"
                + Json.string(city) + ",\"age\":" + age + ",\"gender\":" + Json.string(gender)
                + ",\"acquisition_source\":" + Json.string(acquisitionSource) + ",\"segment\":" + Json.string(segment)
                + ",\"is_active\":" + isActive + ",\"loyalty_tier\":" + Json.string(loyaltyTier) + "}";
    }
}
