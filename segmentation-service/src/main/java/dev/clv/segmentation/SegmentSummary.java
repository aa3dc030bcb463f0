package dev.clv.segmentation;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One segment as listed: identity, name, description and last change. */
public record SegmentSummary(UUID id, String name, String description, OffsetDateTime updatedAt) {
}
