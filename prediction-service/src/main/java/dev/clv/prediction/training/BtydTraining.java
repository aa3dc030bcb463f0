package dev.clv.prediction.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.prediction.JobControl;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.btyd.BgNbdModel;
import dev.clv.prediction.btyd.BtydFit;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.btyd.FitDiagnostics;
import dev.clv.prediction.btyd.GammaGammaModel;
import dev.clv.prediction.btyd.PurchaseHistory;
import dev.clv.prediction.registry.ModelCodec;
import dev.clv.prediction.registry.StoredModel;

/**
 * Fits BG/NBD + Gamma-Gamma on the customers whose first purchase is on or before the calibration end, and, with
 * a holdout, checks it: the calibration table (mean predicted vs actual holdout purchases by calibration
 * frequency, 7+ pooled) and error metrics of the predicted holdout value (purchases times expected spend).
 */
public final class BtydTraining {
    private static final int POOLED_FROM = 7;

    private BtydTraining() {
    }

    public static StoredModel train(String tenant, TrainRequest req, List<CustomerFeatures> features,
            JobControl control) {
        TimeUnit unit = TimeUnit.parse(req.timeUnit() == null ? "weeks" : req.timeUnit(), "time_unit", false);
        List<CustomerFeatures> cohort = cohort(features);
        List<PurchaseHistory> histories = new ArrayList<>(cohort.size());
        for (CustomerFeatures f : cohort) {
            histories.add(new PurchaseHistory(f.repeatPurchases(), TimeUnit.DAYS.in(unit, f.daysToLastPurchase()),
                    TimeUnit.DAYS.in(unit, f.daysObserved()), f.repeatMeanValue()));
        }
        BtydFitter.Settings settings = HyperParameters.btyd(req.hyperparameters());
        BtydFit fit = BtydFitter.fit(histories, settings, control);
        usable(fit, histories, unit);
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("bg_nbd", diagnostics(fit.bgNbdDiagnostics()));
        diagnostics.put("gamma_gamma", diagnostics(fit.gammaGammaDiagnostics()));
        diagnostics.put("customers", fit.customers());
        diagnostics.put("spend_customers", fit.spendCustomers());
        diagnostics.put("excluded_non_positive_spend", fit.excludedNonPositiveSpend());
        diagnostics.put("bootstrap_samples", fit.bgNbdBootstrap().size());
        diagnostics.put("hyperparameters", Map.of("bootstrap_samples", settings.bootstrapSamples(), "seed",
                settings.seed()));
        Map<String, Object> performance = req.holdoutEnd() == null
                ? null
                : performance(fit, cohort, histories, TimeUnit.DAYS.in(unit,
                        req.holdoutEnd().toEpochDay() - req.calibrationEnd().toEpochDay()));
        return new StoredModel(UUID.randomUUID(), tenant, ModelType.BG_NBD, 0, null,
                ModelCodec.parameters(fit.bgNbd(), fit.gammaGamma()),
                Map.of("bootstrap", ModelCodec.bootstrap(fit.bgNbdBootstrap(), fit.gammaGammaBootstrap())), null,
                req.calibrationEnd(), req.holdoutEnd(), unit, Map.of("inputs", List.of("x (repeat purchase days)",
                        "t_x", "T", "mean repeat spend")),
                diagnostics, performance, null, null);
    }

    /** The customers BG/NBD can use: those with a first purchase by the calibration end. */
    public static List<CustomerFeatures> cohort(List<CustomerFeatures> features) {
        return features.stream().filter(f -> f.daysObserved() != null).toList();
    }

    // a fit whose parameters give no finite CLV for its own customers must fail the job, never become active: every
    // score of it would be NaN
    private static void usable(BtydFit fit, List<PurchaseHistory> histories, TimeUnit unit) {
        dev.clv.prediction.btyd.ClvCalculator clv = new dev.clv.prediction.btyd.ClvCalculator(new BgNbdModel(fit
                .bgNbd()), new GammaGammaModel(fit.gammaGamma()));
        double month = TimeUnit.MONTHS.in(unit, 1);
        for (PurchaseHistory h : histories.subList(0, Math.min(histories.size(), 1000))) {
            double value = clv.predict(h, 12 * month, month, 0.01).clv();
            if (!Double.isFinite(value)) {
                throw new BtydFitter.FitException("the fitted parameters (BG/NBD " + fit.bgNbd() + ", Gamma-Gamma "
                        + fit.gammaGamma() + ") give no finite CLV for a customer with x=" + h.x() + ", t_x=" + h.tX()
                        + ", T=" + h.t() + "; more customers or another calibration window may help");
            }
        }
    }

    private static Map<String, Object> diagnostics(FitDiagnostics d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log_likelihood", d.logLikelihood());
        m.put("evaluations", d.evaluations());
        m.put("max_gradient", d.maxGradient());
        m.put("at_bound", d.atBound());
        m.put("converged", d.converged());
        return m;
    }

    private static Map<String, Object> performance(BtydFit fit, List<CustomerFeatures> cohort,
            List<PurchaseHistory> histories, double holdout) {
        BgNbdModel purchases = new BgNbdModel(fit.bgNbd());
        GammaGammaModel spend = new GammaGammaModel(fit.gammaGamma());
        int n = cohort.size();
        double[] predictedValue = new double[n], actualValue = new double[n];
        double[][] table = new double[POOLED_FROM + 1][3];
        for (int i = 0; i < n; i++) {
            PurchaseHistory h = histories.get(i);
            double expected = purchases.expectedPurchases(h, holdout);
            predictedValue[i] = expected * spend.expectedAverageValue(h);
            actualValue[i] = cohort.get(i).holdoutValue();
            double[] row = table[Math.min(h.x(), POOLED_FROM)];
            row[0]++;
            row[1] += expected;
            row[2] += cohort.get(i).holdoutPurchases();
        }
        List<Map<String, Object>> calibration = new ArrayList<>();
        for (int x = 0; x <= POOLED_FROM; x++) {
            if (table[x][0] > 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("frequency", x == POOLED_FROM ? POOLED_FROM + "+" : Integer.toString(x));
                row.put("customers", (int) table[x][0]);
                row.put("predicted_purchases", table[x][1] / table[x][0]);
                row.put("actual_purchases", table[x][2] / table[x][0]);
                calibration.add(row);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>(Metrics.of(predictedValue, actualValue));
        m.put("target", "net value in the holdout period, per customer");
        m.put("calibration_table", calibration);
        return m;
    }
}
