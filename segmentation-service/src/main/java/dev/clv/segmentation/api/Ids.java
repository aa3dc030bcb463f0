package dev.clv.segmentation.api;

import java.util.UUID;

import dev.clv.contracts.problem.ProblemException;

/** Path ids: one that is not a UUID names nothing, so it is a 404 like an unknown one. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String id, String what) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 404
        }
        throw ProblemException.notFound("No " + what + " " + id);
    }
}
