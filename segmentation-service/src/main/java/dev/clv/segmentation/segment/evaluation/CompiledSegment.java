package dev.clv.segmentation.segment.evaluation;

import java.util.UUID;

import dev.clv.segmentation.criteria.ParsedCriteria;
import dev.clv.segmentation.criteria.SqlPredicate;

/** A stored segment ready to evaluate: its checked criteria and their SQL (parameters from $6). */
public record CompiledSegment(UUID id, String name, ParsedCriteria criteria, SqlPredicate predicate) {
    /** Where the predicate's parameters start: $1 tenant, $2 customers, $3 segment, $4 time, $5 segment name. */
    public static final int FIRST_PARAM = 6;
}
