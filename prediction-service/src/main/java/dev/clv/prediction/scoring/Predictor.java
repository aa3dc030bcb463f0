package dev.clv.prediction.scoring;

import java.util.ArrayList;
import java.util.List;

import ai.onnxruntime.OrtException;

import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.btyd.ClvCalculator;
import dev.clv.prediction.btyd.PurchaseHistory;
import dev.clv.prediction.registry.LoadedModel;
import dev.clv.prediction.registry.StoredModel;
import dev.clv.prediction.trees.TreeFeatures;

/** Scores rows with a loaded model: BG/NBD formulas per row, trees in ONNX Runtime in blocks of rows. */
public final class Predictor {
    private static final int BLOCK = 4096;

    /** Horizon, its unit and the monthly discount rate of a CLV. */
    public record Options(double horizon, TimeUnit unit, double monthlyDiscount, boolean intervals) {
        public static final Options DEFAULT = new Options(12, TimeUnit.MONTHS, 0.01, true);
    }

    private Predictor() {
    }

    public static List<Prediction> score(LoadedModel model, List<ScoringInput> rows, Options o) {
        if (model instanceof LoadedModel.Btyd b) {
            return rows.stream().map(r -> btyd(b, r, o)).toList();
        }
        return trees((LoadedModel.Trees) model, rows);
    }

    static Prediction btyd(LoadedModel.Btyd model, ScoringInput row, Options o) {
        StoredModel m = model.meta();
        TimeUnit unit = m.timeUnit();
        PurchaseHistory d = row.historyInDays();
        PurchaseHistory h = new PurchaseHistory(d.x(), TimeUnit.DAYS.in(unit, d.tX()), TimeUnit.DAYS.in(unit, d.t()),
                d.monetary());
        double horizon = o.unit().in(unit, o.horizon());
        double month = TimeUnit.MONTHS.in(unit, 1);
        ClvCalculator.Clv clv = o.intervals()
                ? model.calculator().predictWithInterval(h, horizon, month, o.monthlyDiscount(),
                        model.bgNbdBootstrap(), model.gammaGammaBootstrap())
                : model.calculator().predict(h, horizon, month, o.monthlyDiscount());
        Prediction.Interval interval = Double.isNaN(clv.low())
                ? null
                : new Prediction.Interval(clv.low(), clv.high(), 0.9);
        return new Prediction(row.customerId(), m.id(), m.version(), m.type().apiName(), clv.expectedPurchases(),
                clv.probabilityAlive(), clv.expectedAverageValue(), clv.clv(), null, interval, o.horizon(),
                o.unit().apiName(), row.asOf());
    }

    static List<Prediction> trees(LoadedModel.Trees model, List<ScoringInput> rows) {
        StoredModel m = model.meta();
        int width = TreeFeatures.width();
        double horizonDays = m.holdoutEnd().toEpochDay() - m.calibrationEnd().toEpochDay();
        List<Prediction> out = new ArrayList<>(rows.size());
        float[] block = new float[Math.min(BLOCK, Math.max(1, rows.size())) * width];
        for (int start = 0; start < rows.size(); start += BLOCK) {
            int n = Math.min(BLOCK, rows.size() - start);
            for (int i = 0; i < n; i++) {
                TreeFeatures.encode(rows.get(start + i).row(), model.countries(), block, i * width);
            }
            float[][] scores;
            try {
                scores = model.scorer().score(block, n);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < n; i++) {
                float[] s = scores[i];
                out.add(new Prediction(rows.get(start + i).customerId(), m.id(), m.version(), m.type().apiName(), null,
                        null, null, null, (double) s[0], new Prediction.Interval(Math.min(s[1], s[2]),
                                Math.max(s[1], s[2]), 0.9),
                        horizonDays, TimeUnit.DAYS.apiName(), rows.get(start + i).asOf()));
            }
        }
        return out;
    }
}
