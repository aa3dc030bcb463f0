package dev.clv.segmentation.criteria;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** A node of a segment's rule tree, as parsed and checked by {@link CriteriaParser}. */
public sealed interface Criterion {

    /** Every child holds. */
    record All(List<Criterion> children) implements Criterion {
    }

    /** At least one child holds. */
    record Any(List<Criterion> children) implements Criterion {
    }

    /** The child does not hold (a comparison on a missing value does not hold, so its negation does). */
    record Not(Criterion child) implements Criterion {
    }

    /** A comparison of one field with a value (for {@code between} a pair, for {@code in} a list). */
    record Condition(Field field, Operator op, JsonNode value) implements Criterion {
    }

    /** How many times an activity happened in the last {@code withinDays} UTC days, today included. */
    record WindowCount(String event, int withinDays, Operator op, JsonNode value) implements Criterion {
    }

    /** Current membership of another segment of the same tenant. */
    record InSegment(UUID segmentId) implements Criterion {
    }
}
