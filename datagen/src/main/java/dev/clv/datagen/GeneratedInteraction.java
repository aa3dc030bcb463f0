package dev.clv.datagen;

import java.time.Instant;

/** A generated customer interaction; only support contacts carry a satisfaction score. */
public record GeneratedInteraction(String interactionId, String customerId, Instant interactionDate,
        String interactionType, String channel, int durationSeconds, Integer satisfactionScore) {

    /** The row as the ingestion API takes it for data source {@code customer_interactions}. */
    public String toJson() {
        return "{\"interaction_id\":" + Json.string(interactionId) + ",\"customer_id\":" + Json.string(customerId)
                + ",\"interaction_date\":" + Json.string(interactionDate.toString()) + ",\"interaction_type\":"
                + Json.string(interactionType) + ",\"channel\":" + Json.string(channel) + ",\"duration_seconds\":"
                + durationSeconds + (satisfactionScore == null ? "" : ",\"satisfaction_score\":" + satisfactionScore)
                + "}";
    }
}
