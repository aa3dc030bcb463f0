package dev.clv.prediction.btyd;

import static org.hipparchus.special.Gamma.logGamma;

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"): the likelihood of a customer's mean
 * repeat-purchase value and its posterior expectation. Only customers with repeat purchases of positive mean value
 * inform it.
 */
public final class GammaGammaModel {
    private final GammaGammaParameters params;

    public GammaGammaModel(GammaGammaParameters params) {
        if (params.q() <= 1) {
            throw new IllegalArgumentException("q must exceed 1 for a finite mean spend, got " + params.q());
        }
        this.params = params;
    }

    public GammaGammaParameters parameters() {
        return params;
    }

    /** Log-likelihood of {@code x} repeat purchases averaging {@code mean}; both must be positive. */
    public static double logLikelihood(GammaGammaParameters g, int x, double mean) {
        double p = g.p(), q = g.q(), v = g.v();
        return logGamma(p * x + q) - logGamma(p * x) - logGamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(mean)
                + p * x * Math.log(x) - (p * x + q) * Math.log(x * mean + v);
    }

    /** E[M | x, mean]: a weighted average of the population mean p v / (q - 1) and the customer's own mean. */
    public double expectedAverageValue(PurchaseHistory h) {
        double p = params.p(), q = params.q(), v = params.v();
        if (h.x() == 0 || h.monetary() <= 0) {
            return p * v / (q - 1);
        }
        return p * (v + h.x() * h.monetary()) / (p * h.x() + q - 1);
    }
}
