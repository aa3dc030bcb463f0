package dev.clv.prediction.btyd;

import java.util.Arrays;
import java.util.List;

/**
 * CLV over a horizon: the purchases BG/NBD expects in each month, times the Gamma-Gamma expected value, discounted
 * monthly (month m by (1 + d)^m; a final partial month is discounted as a whole one). Intervals come from the
 * bootstrap parameter sets: they bound the expected CLV under parameter uncertainty, not a single customer's
 * realised spend.
 */
public final class ClvCalculator {
    private final BgNbdModel purchases;
    private final GammaGammaModel spend;

    public ClvCalculator(BgNbdModel purchases, GammaGammaModel spend) {
        this.purchases = purchases;
        this.spend = spend;
    }

    /** The answer for one customer; {@code low} and {@code high} are NaN without an interval. */
    public record Clv(double expectedPurchases, double probabilityAlive, double expectedAverageValue, double clv,
            double low, double high) {
    }

    /**
     * @param horizon in the model's time unit
     * @param month one month in the model's time unit (30.4375 days)
     * @param monthlyDiscount the discount rate per month, e.g. 0.01
     */
    public Clv predict(PurchaseHistory h, double horizon, double month, double monthlyDiscount) {
        double value = spend.expectedAverageValue(h);
        return new Clv(purchases.expectedPurchases(h, horizon), purchases.probabilityAlive(h), value,
                clv(purchases, value, h, horizon, month, monthlyDiscount), Double.NaN, Double.NaN);
    }

    /** As {@link #predict} with the central 90% of the CLVs under the bootstrap parameter sets. */
    public Clv predictWithInterval(PurchaseHistory h, double horizon, double month, double monthlyDiscount,
            List<BgNbdParameters> bgNbd, List<GammaGammaParameters> gammaGamma) {
        Clv point = predict(h, horizon, month, monthlyDiscount);
        int n = Math.min(bgNbd.size(), gammaGamma.size());
        if (n < 2) {
            return point;
        }
        double[] draws = new double[n];
        for (int i = 0; i < n; i++) {
            GammaGammaParameters g = gammaGamma.get(i);
            double value = g.q() > 1 ? new GammaGammaModel(g).expectedAverageValue(h) : point.expectedAverageValue();
            draws[i] = clv(new BgNbdModel(bgNbd.get(i)), value, h, horizon, month, monthlyDiscount);
        }
        Arrays.sort(draws);
        return new Clv(point.expectedPurchases(), point.probabilityAlive(), point.expectedAverageValue(), point.clv(),
                quantile(draws, 0.05), quantile(draws, 0.95));
    }

    static double clv(BgNbdModel model, double value, PurchaseHistory h, double horizon, double month,
            double monthlyDiscount) {
        double total = 0;
        double before = 0;
        int m = 0;
        for (double end = 0; end < horizon - 1e-9;) {
            m++;
            end = Math.min(horizon, m * month);
            double cumulative = model.expectedPurchases(h, end);
            total += (cumulative - before) * value / Math.pow(1 + monthlyDiscount, m);
            before = cumulative;
        }
        return total;
    }

    /** Linear interpolation between order statistics (type 7, as R's and NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
