package dev.clv.prediction.btyd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

import dev.clv.prediction.JobControl;

/**
 * Fits BG/NBD and Gamma-Gamma by maximum likelihood with Hipparchus' BOBYQA in log-parameter space, then refits on
 * Poisson-weighted bootstrap resamples of the customers for parameter intervals. Log-parameters are bounded to
 * [-12, 12] (parameters in [6e-6, 1.6e5]); a parameter ending on a bound or a gradient that is not flat marks the
 * fit as not converged, and an optimiser that runs out of evaluations is an error, not a silent answer.
 */
public final class BtydFitter {
    private static final double BOUND = 12;
    private static final double FLAT = 1e-4;

    /** How many bootstrap refits, their seed, and the optimiser's evaluation budget per fit. */
    public record Settings(int bootstrapSamples, long seed, int maxEvaluations) {
        public static final Settings DEFAULT = new Settings(20, 42, 20_000);
    }

    /** The data cannot be fitted: too few customers, or the optimiser failed. */
    public static final class FitException extends RuntimeException {
        public FitException(String message) {
            super(message);
        }
    }

    private BtydFitter() {
    }

    public static BtydFit fit(List<PurchaseHistory> histories, Settings settings, JobControl control) {
        Map<PurchaseHistory, Integer> triples = new HashMap<>();
        Map<PurchaseHistory, Integer> spends = new HashMap<>();
        int excluded = 0;
        for (PurchaseHistory h : histories) {
            triples.merge(new PurchaseHistory(h.x(), h.tX(), h.t(), 0), 1, Integer::sum);
            if (h.x() > 0 && h.monetary() > 0) {
                spends.merge(new PurchaseHistory(h.x(), 0, 0, h.monetary()), 1, Integer::sum);
            } else if (h.x() > 0) {
                excluded++;
            }
        }
        if (triples.size() < 2 || histories.stream().noneMatch(h -> h.x() > 0)) {
            throw new FitException("BG/NBD needs customers with and without repeat purchases; got "
                    + histories.size() + " customers");
        }
        if (spends.size() < 3) {
            throw new FitException("Gamma-Gamma needs at least 3 distinct repeat spends; got " + spends.size());
        }
        Likelihoods.BgNbdData bg = Likelihoods.BgNbdData.of(triples);
        Likelihoods.SpendData gg = spendData(spends);
        int spendCustomers = (int) sum(gg.weight());
        control.progress(0.05, "fitting BG/NBD");
        Optimum bgFit = maximise(p -> Likelihoods.bgNbd(bg, p), new double[4], settings, 0.5, histories.size(),
                List.of("r", "alpha", "a", "b"), control);
        control.progress(0.15, "fitting Gamma-Gamma");
        Optimum ggFit = maximise(p -> Likelihoods.gammaGamma(gg, p), new double[]{0, 0, 0}, settings, 0.5,
                spendCustomers, List.of("p", "q", "v"), control);
        List<BgNbdParameters> bgBoot = new ArrayList<>();
        List<GammaGammaParameters> ggBoot = new ArrayList<>();
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(settings.seed()));
        for (int s = 0; s < settings.bootstrapSamples(); s++) {
            control.progress(0.25 + 0.75 * s / settings.bootstrapSamples(), "bootstrap " + (s + 1));
            Likelihoods.BgNbdData bgSample = bg.reweighted(poisson(random, bg.weight()));
            Likelihoods.SpendData ggSample = gg.reweighted(poisson(random, gg.weight()));
            bgBoot.add(Likelihoods.bgNbd(maximise(p -> Likelihoods.bgNbd(bgSample, p), bgFit.point, settings, 0.1,
                    histories.size(), List.of("r", "alpha", "a", "b"), control).point));
            ggBoot.add(Likelihoods.gammaGamma(maximise(p -> Likelihoods.gammaGamma(ggSample, p), ggFit.point,
                    settings, 0.1, spendCustomers, List.of("p", "q", "v"), control).point));
        }
        return new BtydFit(Likelihoods.bgNbd(bgFit.point), bgFit.diagnostics,
                Likelihoods.gammaGamma(ggFit.point), ggFit.diagnostics, bgBoot, ggBoot, histories.size(),
                spendCustomers, excluded);
    }

    private record Optimum(double[] point, FitDiagnostics diagnostics) {
    }

    private static Optimum maximise(ToDoubleFunction<double[]> logLikelihood, double[] start, Settings settings,
            double radius, int customers, List<String> names, JobControl control) {
        int n = start.length;
        double[] lower = new double[n], upper = new double[n];
        java.util.Arrays.fill(lower, -BOUND);
        java.util.Arrays.fill(upper, BOUND);
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * n + 1, radius, 1e-10);
        PointValuePair best;
        try {
            best = optimizer.optimize(new MaxEval(settings.maxEvaluations()), GoalType.MAXIMIZE,
                    new InitialGuess(start), new SimpleBounds(lower, upper), new ObjectiveFunction(p -> {
                        control.checkCancelled();
                        double value = logLikelihood.applyAsDouble(p);
                        return Double.isFinite(value) ? value : -1e300;
                    }));
        } catch (MathIllegalStateException e) {
            throw new FitException("the optimiser did not converge: " + e.getMessage());
        }
        double[] point = best.getPoint();
        double maxGradient = 0;
        for (int i = 0; i < n; i++) {
            double h = 1e-5;
            double[] up = point.clone(), down = point.clone();
            up[i] += h;
            down[i] -= h;
            double g = (logLikelihood.applyAsDouble(up) - logLikelihood.applyAsDouble(down)) / (2 * h * customers);
            maxGradient = Math.max(maxGradient, Math.abs(g));
        }
        List<String> atBound = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (BOUND - Math.abs(point[i]) < 1e-3) {
                atBound.add(names.get(i));
            }
        }
        return new Optimum(point, new FitDiagnostics(best.getValue(), optimizer.getEvaluations(), maxGradient,
                atBound, maxGradient < FLAT && atBound.isEmpty()));
    }

    private static Likelihoods.SpendData spendData(Map<PurchaseHistory, Integer> spends) {
        int n = spends.size(), i = 0;
        int[] x = new int[n];
        double[] mean = new double[n], w = new double[n];
        for (Map.Entry<PurchaseHistory, Integer> e : spends.entrySet()) {
            x[i] = e.getKey().x();
            mean[i] = e.getKey().monetary();
            w[i++] = e.getValue();
        }
        return new Likelihoods.SpendData(x, mean, w);
    }

    /** A customer-level bootstrap: each customer drawn Poisson(1) times, so a group of n is drawn Poisson(n). */
    private static double[] poisson(RandomDataGenerator random, double[] counts) {
        double[] drawn = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            drawn[i] = random.nextPoisson(counts[i]);
        }
        return drawn;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
