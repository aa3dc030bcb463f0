package dev.clv.segmentation.webhook;

import java.time.OffsetDateTime;
import java.util.List;

/** One message to one endpoint: its state and every attempt so far. */
public record Delivery(String id, String eventType, String status, int attempts, OffsetDateTime nextAttemptAt,
        Integer lastStatus, String lastError, OffsetDateTime createdAt, OffsetDateTime finishedAt,
        List<Attempt> attemptLog) {

    /** One HTTP attempt: the answer's status (absent when none came) or the error, and how long it took. */
    public record Attempt(int attempt, OffsetDateTime attemptedAt, Integer statusCode, String error,
            Integer latencyMs) {
    }
}
