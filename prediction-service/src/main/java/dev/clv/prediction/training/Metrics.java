package dev.clv.prediction.training;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error metrics of predictions against actual values; MAPE over the rows whose actual value is not zero. */
public final class Metrics {
    private Metrics() {
    }

    public static Map<String, Object> of(double[] predicted, double[] actual) {
        int n = actual.length;
        double sumSq = 0, sumAbs = 0, mean = 0, pct = 0;
        int pctRows = 0;
        for (double a : actual) {
            mean += a / n;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double e = predicted[i] - actual[i];
            sumSq += e * e;
            sumAbs += Math.abs(e);
            total += (actual[i] - mean) * (actual[i] - mean);
            if (actual[i] != 0) {
                pct += Math.abs(e / actual[i]);
                pctRows++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", n);
        m.put("rmse", Math.sqrt(sumSq / n));
        m.put("mae", sumAbs / n);
        m.put("r2", total == 0 ? null : 1 - sumSq / total);
        m.put("mape", pctRows == 0 ? null : pct / pctRows);
        m.put("mape_rows", pctRows);
        return m;
    }
}
