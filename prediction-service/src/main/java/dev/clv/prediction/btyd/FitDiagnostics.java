package dev.clv.prediction.btyd;

import java.util.List;

/**
 * How a maximum-likelihood fit ended: the log-likelihood reached, the optimiser's evaluations, the largest
 * gradient component (per customer, in log-parameter space) at the optimum, and the parameters that ended on a
 * bound. {@code converged} is false when the gradient is not flat or a parameter is pinned to a bound.
 */
public record FitDiagnostics(double logLikelihood, int evaluations, double maxGradient, List<String> atBound,
        boolean converged) {
}
