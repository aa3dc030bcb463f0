package dev.clv.prediction.btyd;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.HashMap;
import java.util.Map;

import org.hipparchus.special.Beta;

/**
 * The summed log-likelihoods the fitter maximises, over distinct histories with weights (how many customers share
 * each). Parameters arrive as logarithms so that the optimiser searches an unbounded, well-scaled space; q of the
 * Gamma-Gamma model arrives as ln(q - 1), so q > 1 holds by construction. Terms depending only on x are computed
 * once per distinct x and evaluation, which is most of the work on large data sets.
 */
final class Likelihoods {
    private Likelihoods() {
    }

    /** Distinct (x, t_x, T) triples and how many customers have each. */
    record BgNbdData(int[] x, double[] tX, double[] t, double[] weight, int maxX) {
        static BgNbdData of(Map<PurchaseHistory, Integer> counts) {
            int n = counts.size();
            int[] x = new int[n];
            double[] tX = new double[n], t = new double[n], w = new double[n];
            int i = 0, maxX = 0;
            for (Map.Entry<PurchaseHistory, Integer> e : counts.entrySet()) {
                x[i] = e.getKey().x();
                tX[i] = e.getKey().tX();
                t[i] = e.getKey().t();
                w[i++] = e.getValue();
                maxX = Math.max(maxX, e.getKey().x());
            }
            return new BgNbdData(x, tX, t, w, maxX);
        }

        BgNbdData reweighted(double[] newWeight) {
            return new BgNbdData(x, tX, t, newWeight, maxX);
        }
    }

    /** Distinct (x, mean spend) pairs with x > 0 and a positive mean, and their counts. */
    record SpendData(int[] x, double[] mean, double[] weight) {
        SpendData reweighted(double[] newWeight) {
            return new SpendData(x, mean, newWeight);
        }
    }

    static BgNbdParameters bgNbd(double[] logParams) {
        return new BgNbdParameters(Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]),
                Math.exp(logParams[3]));
    }

    static GammaGammaParameters gammaGamma(double[] logParams) {
        return new GammaGammaParameters(Math.exp(logParams[0]), 1 + Math.exp(logParams[1]), Math.exp(logParams[2]));
    }

    static double bgNbd(BgNbdData d, double[] logParams) {
        BgNbdParameters p = bgNbd(logParams);
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double[] byX = new double[d.maxX() + 1];
        double base = -logGamma(r) + r * Math.log(alpha) - Beta.logBeta(a, b);
        for (int x = 0; x <= d.maxX(); x++) {
            byX[x] = base + logGamma(r + x) + Beta.logBeta(a, b + x);
        }
        double sum = 0;
        double logA = Math.log(a);
        for (int i = 0; i < d.x().length; i++) {
            int x = d.x()[i];
            double alive = -(r + x) * Math.log(alpha + d.t()[i]);
            double ll;
            if (x == 0) {
                ll = byX[0] + alive;
            } else {
                double dropped = logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + d.tX()[i]);
                double max = Math.max(alive, dropped);
                ll = byX[x] + max + Math.log(Math.exp(alive - max) + Math.exp(dropped - max));
            }
            sum += d.weight()[i] * ll;
        }
        return sum;
    }

    static double gammaGamma(SpendData d, double[] logParams) {
        GammaGammaParameters g = gammaGamma(logParams);
        double q = g.q(), v = g.v();
        double base = -logGamma(q) + q * Math.log(v);
        Map<Integer, Double> gammas = new HashMap<>();
        double sum = 0;
        for (int i = 0; i < d.x().length; i++) {
            int x = d.x()[i];
            double px = g.p() * x;
            double byX = gammas.computeIfAbsent(x, k -> logGamma(px + q) - logGamma(px) + px * Math.log(k));
            double m = d.mean()[i];
            sum += d.weight()[i] * (base + byX + (px - 1) * Math.log(m) - (px + q) * Math.log(x * m + v));
        }
        return sum;
    }
}
