package dev.clv.prediction.training;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * An asynchronous training run as its owner sees it; {@code modelId} is set once it succeeded; {@code request} is
 * what it trains on (the window, defaults resolved, time unit, hyper-parameters, n_samples).
 */
public record TrainingJob(UUID id, String modelType, String status, double progress, String stage, UUID modelId,
        String error, Map<String, Object> request, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
