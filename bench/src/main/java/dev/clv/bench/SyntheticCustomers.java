package dev.clv.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.clv.contracts.features.CustomerFeatures;

/**
 * Customers as the analytics service would summarise them, drawn straight from the BG/NBD and Gamma-Gamma stories
 * at CDNOW's parameters (converted to days), with profile fields: enough to train and score at any size without
 * running ingestion and analytics first. Calibration ages run from 30 to 700 days; the holdout is 180 days.
 */
final class SyntheticCustomers {
    static final int HOLDOUT_DAYS = 180;
    private static final String[] GENDERS = {"female", "male", "other"};
    private static final String[] COUNTRIES = {"us", "de", "gb", "fr", "br", "in", "jp", "es", "ca", "au"};

    private SyntheticCustomers() {
    }

    static List<CustomerFeatures> generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        org.hipparchus.random.RandomDataGenerator draws = org.hipparchus.random.RandomDataGenerator.of(
                new org.hipparchus.random.Well19937c(seed));
        List<CustomerFeatures> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double t = 30 + random.nextDouble() * 670;
            double lambda = draws.nextGamma(0.243, 1 / 4.414) / 7;
            double p = draws.nextBeta(0.793, 2.426);
            double nu = draws.nextGamma(3.74, 1 / 15.44);
            int x = 0, holdoutPurchases = 0;
            double last = 0, spent = 0, holdoutValue = 0, now = 0;
            while (true) {
                now += draws.nextExponential(1 / lambda);
                if (now > t + HOLDOUT_DAYS) {
                    break;
                }
                double value = draws.nextGamma(6.25, 1 / nu);
                if (now <= t) {
                    x++;
                    last = now;
                    spent += value;
                } else {
                    holdoutPurchases++;
                    holdoutValue += value;
                }
                if (random.nextDouble() < p) {
                    break;
                }
            }
            double first = draws.nextGamma(6.25, 1 / nu);
            double net = first + spent;
            boolean missingProfile = random.nextInt(5) == 0;
            rows.add(new CustomerFeatures("c" + i, t, x, last, x == 0 ? 0 : spent / x, t - last, x + 1, net, t,
                    net / (x + 1), x == 0 ? null : last / x, x + 1, missingProfile ? null : 18 + random.nextInt(60),
                    missingProfile ? null : GENDERS[random.nextInt(3)], COUNTRIES[random.nextInt(COUNTRIES.length)],
                    random.nextInt(40), missingProfile ? null : 1.0 + random.nextInt(5), holdoutPurchases,
                    holdoutValue));
        }
        return rows;
    }
}
