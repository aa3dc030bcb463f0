package dev.clv.prediction.training;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An asynchronous training run as its owner sees it; {@code modelId} is set once it succeeded. */
public record TrainingJob(UUID id, String modelType, String status, double progress, String stage, UUID modelId,
        String error, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
