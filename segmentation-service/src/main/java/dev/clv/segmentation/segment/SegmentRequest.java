package dev.clv.segmentation.segment;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of a segment's creation or replacement, and of a preview (which needs only the criteria). */
public record SegmentRequest(String name, String description, JsonNode criteria, Integer sampleSize) {
}
