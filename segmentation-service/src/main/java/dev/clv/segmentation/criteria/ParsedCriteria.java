package dev.clv.segmentation.criteria;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A checked rule tree with what the service needs to know about it: the segments it reads (by the path of their
 * reference), whether time alone can change its answer (then the sweep re-evaluates it), and whether it reads RFM
 * scores.
 */
public record ParsedCriteria(Criterion root, Map<UUID, String> referenced, boolean timeRelative, boolean usesRfm) {
    /** The segments read, each named by the JSON path of its first reference in {@code referenced}. */
    public Set<UUID> dependencies() {
        return referenced.keySet();
    }
}
