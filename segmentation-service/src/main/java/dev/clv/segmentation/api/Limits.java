package dev.clv.segmentation.api;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;

/** A per-tenant limit reached: a 409 problem that names the limit and what to do about it. */
public final class Limits {
    private Limits() {
    }

    /** E.g. {@code reached("segments", 200, "delete one first")}. */
    public static ProblemException reached(String what, int limit, String advice) {
        return new ProblemException(Problem.of(409, "Conflict", "A tenant can have at most " + limit + " " + what
                + " (limit reached); " + advice));
    }
}
