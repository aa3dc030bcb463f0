package dev.clv.contracts.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A model finished training and is in the registry, on {@code model-events.v1}; sent at least once, so consumers
 * key their effects by {@code modelId}.
 *
 * @param status active when it became the tenant's model of its type, else ready (activate it by hand)
 * @param performance holdout measures (rmse, mae, r2, mape), empty when the job had no holdout
 */
public record ModelTrained(String tenantId, UUID modelId, String modelType, int version, String status,
        Instant trainedAt, Map<String, Object> performance) {
}
