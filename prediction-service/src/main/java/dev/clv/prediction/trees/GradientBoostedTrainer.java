package dev.clv.prediction.trees;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import dev.clv.prediction.JobControl;

/**
 * Trains three XGBoost regressors on the same rows: the mean (squared error) and the 5% and 95% quantiles
 * (pinball loss), the latter two bounding a 90% prediction interval. Rounds run one at a time so that a job can
 * report progress and stop when cancelled.
 */
public final class GradientBoostedTrainer {
    /** Hyper-parameters, XGBoost's meanings. */
    public record Settings(int rounds, int maxDepth, double eta, double subsample, double minChildWeight, long seed,
            int threads) {
        public static final Settings DEFAULT = new Settings(200, 4, 0.1, 0.8, 1, 42, 2);
    }

    /** The mean, 5% and 95% boosters, and each feature's share of the mean model's total gain. */
    public record Trained(List<Booster> boosters, Map<String, Double> importance) {
    }

    private GradientBoostedTrainer() {
    }

    public static Trained train(float[] features, float[] labels, int rows, Settings s, JobControl control)
            throws XGBoostError {
        DMatrix data = new DMatrix(features, rows, TreeFeatures.width(), Float.NaN);
        data.setLabel(labels);
        List<Booster> boosters = new ArrayList<>();
        String[][] objectives = {{"reg:squarederror", null}, {"reg:quantileerror", "0.05"},
                {"reg:quantileerror", "0.95"}};
        for (int m = 0; m < objectives.length; m++) {
            Map<String, Object> params = new HashMap<>();
            params.put("objective", objectives[m][0]);
            if (objectives[m][1] != null) {
                params.put("quantile_alpha", Double.parseDouble(objectives[m][1]));
            }
            params.put("max_depth", s.maxDepth());
            params.put("eta", s.eta());
            params.put("subsample", s.subsample());
            params.put("min_child_weight", s.minChildWeight());
            params.put("seed", s.seed());
            params.put("nthread", s.threads());
            params.put("tree_method", "hist");
            Booster booster = XGBoost.train(data, params, 0, Map.of(), null, null);
            for (int round = 0; round < s.rounds(); round++) {
                control.checkCancelled();
                booster.update(data, round);
                if (round % 10 == 0) {
                    control.progress((m + (double) round / s.rounds()) / objectives.length,
                            "boosting " + objectives[m][0] + (objectives[m][1] == null ? "" : " " + objectives[m][1]));
                }
            }
            boosters.add(booster);
        }
        data.dispose();
        return new Trained(boosters, importance(boosters.get(0)));
    }

    private static Map<String, Double> importance(Booster booster) throws XGBoostError {
        Map<String, Double> gains = booster.getScore(TreeFeatures.NAMES.toArray(String[]::new), "total_gain");
        double total = gains.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new java.util.LinkedHashMap<>();
        for (String name : TreeFeatures.NAMES) {
            shares.put(name, total == 0 ? 0 : gains.getOrDefault(name, 0.0) / total);
        }
        return shares;
    }
}
