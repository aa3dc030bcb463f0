package dev.clv.prediction.btyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The formulas checked against closed forms, against each other, and against simulated customers. */
class BgNbdModelTest {
    private static final BgNbdParameters CDNOW = new BgNbdParameters(0.243, 4.414, 0.793, 2.426);

    @Test
    void theSeriesAndItsEulerTransformAgreeWithAClosedForm() {
        for (double z : new double[]{0.1, 0.5, 0.9, 0.99}) {
            double closed = -Math.log1p(-z) / z; // 2F1(1, 1; 2; z)
            assertEquals(closed, Hypergeometric2F1.series(1, 1, 2, z), 1e-12 * closed);
            assertEquals(closed, Hypergeometric2F1.euler(1, 1, 2, z), 1e-12 * closed);
        }
        assertEquals(Hypergeometric2F1.series(3.2, 5.5, 7.1, 0.6), Hypergeometric2F1.euler(3.2, 5.5, 7.1, 0.6),
                1e-10);
    }

    @Test
    void purchaseCountProbabilitiesSumToOneAndTheirMeanIsTheExpectation() {
        BgNbdModel model = new BgNbdModel(CDNOW);
        for (double t : new double[]{5, 39, 78}) {
            double total = 0, mean = 0;
            for (int n = 0; n < 400; n++) {
                double p = model.probabilityOfPurchases(n, t);
                total += p;
                mean += n * p;
            }
            assertEquals(1, total, 1e-9);
            assertEquals(mean, model.expectedPurchasesOfNewCustomer(t), 1e-9);
        }
    }

    @Test
    void theExpectationIsContinuousThroughTheSingularityAtAEqualsOne() {
        PurchaseHistory h = new PurchaseHistory(4, 20, 38, 0);
        double at = new BgNbdModel(new BgNbdParameters(0.3, 5, 1, 2.5)).expectedPurchases(h, 39);
        double below = new BgNbdModel(new BgNbdParameters(0.3, 5, 1 - 1e-4, 2.5)).expectedPurchases(h, 39);
        double above = new BgNbdModel(new BgNbdParameters(0.3, 5, 1 + 1e-4, 2.5)).expectedPurchases(h, 39);
        assertEquals((below + above) / 2, at, 1e-6);
    }

    @Test
    void conditionalExpectationsMatchSimulatedHoldoutPurchasesByCalibrationFrequency() {
        GammaGammaParameters spend = new GammaGammaParameters(6, 4, 15);
        List<BuyTillYouDieSimulator.Customer> customers = BuyTillYouDieSimulator.simulate(60_000, CDNOW, spend,
                39, 11);
        BgNbdModel model = new BgNbdModel(CDNOW);
        for (int bucket = 0; bucket <= 3; bucket++) {
            int b = bucket;
            List<BuyTillYouDieSimulator.Customer> group = customers.stream()
                    .filter(c -> b < 3 ? c.calibration().x() == b : c.calibration().x() >= 3).toList();
            double predicted = group.stream().mapToDouble(c -> model.expectedPurchases(c.calibration(), 39)).average()
                    .orElseThrow();
            double actual = group.stream().mapToDouble(BuyTillYouDieSimulator.Customer::holdoutPurchases).average()
                    .orElseThrow();
            double sd = Math.sqrt(group.stream().mapToDouble(c -> Math.pow(c.holdoutPurchases() - actual, 2))
                    .average().orElseThrow());
            assertEquals(actual, predicted, 4 * sd / Math.sqrt(group.size()), "x bucket " + b);
        }
    }

    @Test
    void theLogSeriesIsTheLogOfThePlainSeriesWhereThatOneIsFinite() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            double a = 0.1 + 30 * random.nextDouble();
            double b = 0.1 + 30 * random.nextDouble();
            double c = 0.1 + 60 * random.nextDouble();
            double z = 0.95 * random.nextDouble();
            double plain = Hypergeometric2F1.series(a, b, c, z);
            assertEquals(Math.log(plain), Hypergeometric2F1.logSeries(a, b, c, z), 1e-12 * Math.abs(Math.log(plain))
                    + 1e-12);
        }
    }

    @Test
    void anAlmostCertainDropoutProbabilityStillGivesFiniteExpectations() {
        // the fit that once gave every customer a NaN CLV (300 synthetic customers): a and b in the thousands, so
        // (1-z)^(a-1) underflowed to 0 and the series overflowed. As a and b grow with a/(a+b) fixed the Beta
        // narrows to that probability, so the expectation settles: scaling both by 3 and 10 moves it by little.
        PurchaseHistory[] histories = {new PurchaseHistory(0, 0, 38.57, 0), new PurchaseHistory(2, 46.9, 47.4, 28),
                new PurchaseHistory(7, 18, 47.6, 30.5)};
        for (PurchaseHistory h : histories) {
            double[] e = new double[3];
            for (int s = 0; s < 3; s++) {
                double scale = new double[]{1, 3, 10}[s];
                e[s] = new BgNbdModel(new BgNbdParameters(0.3345, 10.265, 7778.93 * scale, 162653.2 * scale))
                        .expectedPurchases(h, 52);
                assertTrue(Double.isFinite(e[s]) && e[s] > 0, h + ": " + e[s]);
            }
            assertEquals(e[2], e[1], 0.01 * e[2], h.toString());
            assertEquals(e[2], e[0], 0.02 * e[2], h.toString());
        }
    }
}
