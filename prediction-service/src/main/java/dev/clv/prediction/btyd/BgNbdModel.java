package dev.clv.prediction.btyd;

import static org.hipparchus.special.Gamma.logGamma;

import org.hipparchus.special.Beta;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way": likelihood, P(alive),
 * conditional expected purchases and the probability of n purchases. Times are in the unit the parameters were
 * fitted in.
 */
public final class BgNbdModel {
    /** Within this distance of a = 1 the conditional expectation takes its limit (its formula is 0/0 there). */
    private static final double A_SINGULARITY = 1e-6;
    private final BgNbdParameters params;

    public BgNbdModel(BgNbdParameters params) {
        this.params = params;
    }

    public BgNbdParameters parameters() {
        return params;
    }

    /** One customer's log-likelihood, FHL (2005) equation 6, with its two terms added in log space. */
    public static double logLikelihood(BgNbdParameters p, int x, double tX, double t) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + Beta.logBeta(a, b + x)
                - Beta.logBeta(a, b);
        double stillAlive = -(r + x) * Math.log(alpha + t);
        if (x == 0) {
            return common + stillAlive;
        }
        double droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tX);
        double max = Math.max(stillAlive, droppedOut);
        return common + max + Math.log(Math.exp(stillAlive - max) + Math.exp(droppedOut - max));
    }

    /** The odds, against being alive, that the customer dropped out after the last purchase. */
    private double deadOdds(int x, double tX, double t) {
        if (x == 0) {
            return 0;
        }
        return params.a() / (params.b() + x - 1) * Math.exp((params.r() + x) * Math.log((params.alpha() + t)
                / (params.alpha() + tX)));
    }

    /** P(alive | x, t_x, T), FHL (2005) equation 11. */
    public double probabilityAlive(PurchaseHistory h) {
        return 1 / (1 + deadOdds(h.x(), h.tX(), h.t()));
    }

    /** E[Y(horizon) | x, t_x, T]: purchases expected in the next {@code horizon}, FHL (2005) equation 10. */
    public double expectedPurchases(PurchaseHistory h, double horizon) {
        if (horizon <= 0) {
            return 0;
        }
        double r = params.r(), alpha = params.alpha(), a = params.a(), b = params.b();
        int x = h.x();
        double z = horizon / (alpha + h.t() + horizon);
        double numerator;
        if (Math.abs(a - 1) < A_SINGULARITY) {
            numerator = (b + x) * (-Math.log1p(-z) - limitSeries(b - r, b + x, z));
        } else {
            // ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z) after Euler's transformation is
            // (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), multiplied in logs: with large a and b (a fit of an
            // almost certain dropout probability) the power underflows to 0 and the series overflows
            double f = Math.exp((a - 1) * Math.log1p(-z) + Hypergeometric2F1.logSeries(a + b - 1 - r, a - 1,
                    a + b + x - 1, z));
            numerator = (a + b + x - 1) / (a - 1) * (1 - f);
        }
        return numerator / (1 + deadOdds(x, h.tX(), h.t()));
    }

    /**
     * The a -> 1 limit of (a+b+x-1)/(a-1) (1 - (1-z)^(a-1) 2F1(b-r+a-1, a-1; b+x+a-1; z)) is (b+x)(-ln(1-z) - S)
     * with S = sum over k >= 1 of (b-r)_k z^k / ((b+x)_k k): the first-order terms in (a-1) of both factors.
     */
    private static double limitSeries(double top, double bottom, double z) {
        double ratio = 1;
        double sum = 0;
        for (int k = 1; k < 200_000; k++) {
            ratio *= (top + k - 1) / (bottom + k - 1) * z;
            double term = ratio / k;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("the a = 1 limit series did not converge");
    }

    /** E[X(t)] for a customer just acquired, FHL (2005) equation 9. */
    public double expectedPurchasesOfNewCustomer(double t) {
        return expectedPurchases(new PurchaseHistory(0, 0, 0, 0), t);
    }

    /** P(X(t) = n) for a customer just acquired, FHL (2005) equation 8. */
    public double probabilityOfPurchases(int n, double t) {
        double r = params.r(), alpha = params.alpha(), a = params.a(), b = params.b();
        double logRate = Math.log(alpha / (alpha + t));
        double logShare = Math.log(t / (alpha + t));
        double first = Math.exp(Beta.logBeta(a, b + n) - Beta.logBeta(a, b) + logGamma(r + n) - logGamma(r)
                - logGamma(n + 1) + r * logRate + n * logShare);
        if (n == 0) {
            return first;
        }
        double partial = 0;
        for (int j = 0; j < n; j++) {
            partial += Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logRate + j * logShare);
        }
        return first + Math.exp(Beta.logBeta(a + 1, b + n - 1) - Beta.logBeta(a, b)) * (1 - partial);
    }
}
