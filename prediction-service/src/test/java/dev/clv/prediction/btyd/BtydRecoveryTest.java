package dev.clv.prediction.btyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clv.prediction.JobControl;

/** Fitting customers simulated from known parameters gives those parameters back. */
class BtydRecoveryTest {
    private static final BgNbdParameters TRUE_BG = new BgNbdParameters(0.5, 6, 0.7, 3.5);
    private static final GammaGammaParameters TRUE_GG = new GammaGammaParameters(5, 4, 20);

    @Test
    void knownParametersAreRecoveredWithinTheirBootstrapIntervals() {
        List<PurchaseHistory> histories = BuyTillYouDieSimulator.simulate(40_000, TRUE_BG, TRUE_GG, 0, 5).stream()
                .map(BuyTillYouDieSimulator.Customer::calibration).toList();
        BtydFit fit = BtydFitter.fit(histories, new BtydFitter.Settings(20, 3, 20_000), JobControl.NONE);
        assertTrue(fit.bgNbdDiagnostics().converged() && fit.gammaGammaDiagnostics().converged());
        double[] truth = {TRUE_BG.r(), TRUE_BG.alpha(), TRUE_BG.a(), TRUE_BG.b(), TRUE_GG.p(), TRUE_GG.q(),
                TRUE_GG.v()};
        double[] estimate = {fit.bgNbd().r(), fit.bgNbd().alpha(), fit.bgNbd().a(), fit.bgNbd().b(),
                fit.gammaGamma().p(), fit.gammaGamma().q(), fit.gammaGamma().v()};
        for (int i = 0; i < truth.length; i++) {
            int k = i;
            double[] boot = i < 4
                    ? fit.bgNbdBootstrap().stream().mapToDouble(p -> p.toArray()[k]).toArray()
                    : fit.gammaGammaBootstrap().stream().mapToDouble(p -> p.toArray()[k - 4]).toArray();
            double mean = java.util.Arrays.stream(boot).average().orElseThrow();
            double se = Math.sqrt(java.util.Arrays.stream(boot).map(v -> (v - mean) * (v - mean)).sum()
                    / (boot.length - 1));
            // within 4 bootstrap standard errors, and within 20% (the standard errors must not be huge)
            assertEquals(truth[i], estimate[i], 4 * se, "parameter " + i + " se " + se);
            assertEquals(truth[i], estimate[i], 0.2 * truth[i], "parameter " + i);
        }
    }
}
