package dev.clv.prediction.btyd;

import java.util.List;

/**
 * A fitted BG/NBD + Gamma-Gamma pair, with the fits' diagnostics, the parameter sets of a bootstrap over customers
 * (for intervals), and how many customers informed each part.
 */
public record BtydFit(BgNbdParameters bgNbd, FitDiagnostics bgNbdDiagnostics, GammaGammaParameters gammaGamma,
        FitDiagnostics gammaGammaDiagnostics, List<BgNbdParameters> bgNbdBootstrap,
        List<GammaGammaParameters> gammaGammaBootstrap, int customers, int spendCustomers,
        int excludedNonPositiveSpend) {
}
