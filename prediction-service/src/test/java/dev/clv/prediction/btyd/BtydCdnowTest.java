package dev.clv.prediction.btyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.prediction.JobControl;

/** The published CDNOW estimates (datasets/cdnow/README.md), reproduced to their printed precision. */
class BtydCdnowTest {
    private static final BtydFitter.Settings NO_BOOTSTRAP = new BtydFitter.Settings(0, 1, 20_000);
    private static BtydFit fit;

    @BeforeAll
    static void fitCdnow() {
        fit = BtydFitter.fit(CdnowSummaries.withSpend(), NO_BOOTSTRAP, JobControl.NONE);
    }

    @Test
    void bgNbdMatchesFaderHardieLee() {
        BgNbdParameters p = fit.bgNbd();
        assertEquals("0.243", printed(p.r(), 3));
        assertEquals("4.414", printed(p.alpha(), 3));
        assertEquals("0.793", printed(p.a(), 3));
        assertEquals("2.426", printed(p.b(), 3));
        assertEquals("-9582.4", printed(fit.bgNbdDiagnostics().logLikelihood(), 1));
        assertTrue(fit.bgNbdDiagnostics().converged(), fit.bgNbdDiagnostics().toString());
        assertEquals(2357, fit.customers());
    }

    @Test
    void theTransactionsGroupedByDaySummariseToThePublishedTable() {
        List<PurchaseHistory> published = CdnowSummaries.withSpend();
        List<PurchaseHistory> computed = CdnowSummaries.fromTransactions();
        assertEquals(published.size(), computed.size());
        for (int i = 0; i < published.size(); i++) {
            PurchaseHistory p = published.get(i), c = computed.get(i);
            assertEquals(p.x(), c.x(), "customer " + (i + 1));
            assertEquals(p.tX(), c.tX(), 0.005 + 1e-9, "customer " + (i + 1));
            assertEquals(p.t(), c.t(), 0.005 + 1e-9, "customer " + (i + 1));
            assertEquals(p.monetary(), c.monetary(), 0.005 + 1e-9, "customer " + (i + 1));
        }
    }

    /** The published table rounds zbar to cents, which moves v to 15.45; the unrounded means give 15.44. */
    @Test
    void gammaGammaMatchesThePublishedFitOnThe946RepeatBuyers() {
        BtydFit exact = BtydFitter.fit(CdnowSummaries.fromTransactions(), NO_BOOTSTRAP, JobControl.NONE);
        GammaGammaParameters g = exact.gammaGamma();
        assertEquals(946, exact.spendCustomers());
        assertEquals("6.25", printed(g.p(), 2));
        assertEquals("3.74", printed(g.q(), 2));
        assertEquals("15.44", printed(g.v(), 2));
        assertTrue(exact.gammaGammaDiagnostics().converged(), exact.gammaGammaDiagnostics().toString());
    }

    @Test
    void customerOneExpectsAboutOneAndAQuarterPurchasesInTheNext39Weeks() {
        PurchaseHistory customerOne = CdnowSummaries.withSpend().get(0);
        assertEquals(new PurchaseHistory(2, 30.43, 38.86, 22.35), customerOne);
        assertEquals("1.226", printed(new BgNbdModel(fit.bgNbd()).expectedPurchases(customerOne, 39), 3));
    }

    @Test
    void theGroupedLikelihoodEqualsTheSumOfPerCustomerLikelihoods() {
        List<PurchaseHistory> all = CdnowSummaries.withSpend();
        double perCustomer = all.stream()
                .mapToDouble(h -> BgNbdModel.logLikelihood(fit.bgNbd(), h.x(), h.tX(), h.t())).sum();
        assertEquals(fit.bgNbdDiagnostics().logLikelihood(), perCustomer, 1e-6);
        double spend = all.stream().filter(h -> h.x() > 0)
                .mapToDouble(h -> GammaGammaModel.logLikelihood(fit.gammaGamma(), h.x(), h.monetary())).sum();
        assertEquals(fit.gammaGammaDiagnostics().logLikelihood(), spend, 1e-6);
    }

    static String printed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }
}
