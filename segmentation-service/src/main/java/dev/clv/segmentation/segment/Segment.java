package dev.clv.segmentation.segment;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A segment as the API shows it; {@code memberCount} is its current size, {@code evaluation} its latest evaluation
 * over every customer (null for a segment saved before evaluations ran in the background).
 */
public record Segment(UUID id, String name, String description, JsonNode criteria, boolean timeRelative,
        long memberCount, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime evaluatedAt,
        Evaluation evaluation) {
}
