package dev.clv.prediction;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One registry entry as listed: identity, type, version, status and when it was made. */
public record ModelSummary(UUID id, String type, int version, String status, OffsetDateTime createdAt) {
}
