package dev.clv.segmentation.segment.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the segments of one evaluation into statements that each bind at most {@link #MAX_PARAMS} values.
 * PostgreSQL's protocol counts a statement's parameters in 16 bits, so one statement for a level of many large
 * segments could not be sent at all; with the per-segment count computed here no statement can exceed it, whatever
 * the number of segments or of their conditions.
 */
final class ParameterBudget {
    /** The most parameters one statement can bind. */
    static final int MAX_PARAMS = 65_535;

    private ParameterBudget() {
    }

    /**
     * Consecutive runs of {@code segments}, in order, whose predicates' parameters add up to at most {@code budget}
     * each. A segment alone never exceeds it: the parser bounds a tree to 256 nodes, 4 parameters at most each.
     */
    static List<List<CompiledSegment>> chunks(List<CompiledSegment> segments, int budget) {
        List<List<CompiledSegment>> out = new ArrayList<>();
        List<CompiledSegment> current = new ArrayList<>();
        int used = 0;
        for (CompiledSegment s : segments) {
            int n = s.predicate().params().size();
            if (n > budget) {
                throw new IllegalStateException("Segment " + s.id() + " binds " + n + " values, more than a "
                        + "statement takes (" + budget + ")");
            }
            if (used + n > budget && !current.isEmpty()) {
                out.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(s);
            used += n;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
