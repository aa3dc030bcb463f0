package dev.clv.prediction.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A registry entry as lists show it. */
public record ModelSummary(UUID id, String type, int version, String status, LocalDate calibrationEnd,
        LocalDate holdoutEnd, OffsetDateTime createdAt, OffsetDateTime activatedAt) {
}
