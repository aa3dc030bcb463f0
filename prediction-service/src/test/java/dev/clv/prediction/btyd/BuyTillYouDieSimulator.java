package dev.clv.prediction.btyd;

import java.util.ArrayList;
import java.util.List;

import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma stories directly (not through the model's formulas): each has a
 * Poisson rate lambda ~ Gamma(r, alpha) and, after each repeat purchase, drops out with p ~ Beta(a, b); spends
 * are Gamma(p, nu) with nu ~ Gamma(q, v). Calibration lengths T vary from 20 to 52 time units.
 */
final class BuyTillYouDieSimulator {
    record Customer(PurchaseHistory calibration, int holdoutPurchases, double holdoutValue) {
    }

    private BuyTillYouDieSimulator() {
    }

    static List<Customer> simulate(int n, BgNbdParameters bg, GammaGammaParameters gg, double holdout, long seed) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(seed));
        List<Customer> customers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double t = 20 + 32 * random.nextDouble();
            double lambda = random.nextGamma(bg.r(), 1 / bg.alpha());
            double p = random.nextBeta(bg.a(), bg.b());
            double nu = random.nextGamma(gg.q(), 1 / gg.v());
            int x = 0, future = 0;
            double last = 0, spent = 0, futureValue = 0, now = 0;
            while (true) {
                now += random.nextExponential(1 / lambda);
                if (now > t + holdout) {
                    break;
                }
                double value = random.nextGamma(gg.p(), 1 / nu);
                if (now <= t) {
                    x++;
                    last = now;
                    spent += value;
                } else {
                    future++;
                    futureValue += value;
                }
                if (random.nextDouble() < p) {
                    break;
                }
            }
            customers.add(new Customer(new PurchaseHistory(x, last, t, x == 0 ? 0 : spent / x), future,
                    futureValue));
        }
        return customers;
    }
}
