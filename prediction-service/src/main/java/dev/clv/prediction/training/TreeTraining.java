package dev.clv.prediction.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import ml.dmlc.xgboost4j.java.Booster;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.prediction.FeatureRow;
import dev.clv.prediction.JobControl;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.registry.StoredModel;
import dev.clv.prediction.trees.GradientBoostedTrainer;
import dev.clv.prediction.trees.OnnxTreeConverter;
import dev.clv.prediction.trees.OnnxTreeScorer;
import dev.clv.prediction.trees.TreeFeatures;

/**
 * Trains the gradient-boosted models on features at the calibration end against the net value in the holdout
 * period. One customer in five (by a hash of the id, so stable across runs) is kept out of training and measured:
 * error metrics of the mean model, measured through the exported ONNX graph that will serve, and how often the
 * 90% interval holds the actual value.
 */
public final class TreeTraining {
    private static final int MAX_COUNTRIES = 64;

    private TreeTraining() {
    }

    public static StoredModel train(String tenant, TrainRequest req, List<CustomerFeatures> features, int threads,
            JobControl control) throws Exception {
        List<String> countries = features.stream().map(CustomerFeatures::country).filter(c -> c != null)
                .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.groupingBy(Function.identity(),
                        Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_COUNTRIES).map(Map.Entry::getKey).toList();
        List<CustomerFeatures> train = new ArrayList<>(), test = new ArrayList<>();
        for (CustomerFeatures f : features) {
            (Math.floorMod(f.customerId().hashCode(), 5) == 0 ? test : train).add(f);
        }
        if (train.size() < 50 || test.isEmpty()) {
            throw new BtydFitter.FitException("xgboost needs at least 50 training customers; got " + train.size());
        }
        int width = TreeFeatures.width();
        float[] x = encode(train, countries);
        float[] y = new float[train.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = train.get(i).holdoutValue().floatValue();
        }
        GradientBoostedTrainer.Settings settings = HyperParameters.trees(req.hyperparameters(), threads);
        GradientBoostedTrainer.Trained trained = GradientBoostedTrainer.train(x, y, train.size(), settings, control);
        control.progress(0.95, "exporting to ONNX");
        List<byte[]> json = new ArrayList<>();
        for (Booster b : trained.boosters()) {
            json.add(b.toByteArray("json"));
            b.dispose();
        }
        byte[] onnx = OnnxTreeConverter.convert(json, width);
        Map<String, Object> performance;
        try (OnnxTreeScorer scorer = new OnnxTreeScorer(onnx, width)) {
            performance = performance(scorer.score(encode(test, countries), test.size()), test);
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("training_customers", train.size());
        diagnostics.put("test_customers", test.size());
        diagnostics.put("feature_importances", trained.importance());
        // the values trained with, defaults included, under the request's names
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rounds", settings.rounds());
        parameters.put("max_depth", settings.maxDepth());
        parameters.put("learning_rate", settings.eta());
        parameters.put("subsample", settings.subsample());
        parameters.put("min_child_weight", settings.minChildWeight());
        parameters.put("seed", settings.seed());
        parameters.put("objectives", List.of("reg:squarederror", "reg:quantileerror 0.05", "reg:quantileerror 0.95"));
        return new StoredModel(UUID.randomUUID(), tenant, ModelType.XGBOOST, 0, null, parameters,
                Map.of("countries", countries), onnx, req.calibrationEnd(), req.holdoutEnd(), TimeUnit.DAYS,
                Map.of("inputs", TreeFeatures.NAMES), diagnostics, performance, null, null);
    }

    private static float[] encode(List<CustomerFeatures> rows, List<String> countries) {
        float[] x = new float[rows.size() * TreeFeatures.width()];
        for (int i = 0; i < rows.size(); i++) {
            TreeFeatures.encode(FeatureRow.of(rows.get(i)), countries, x, i * TreeFeatures.width());
        }
        return x;
    }

    private static Map<String, Object> performance(float[][] scores, List<CustomerFeatures> test) {
        double[] predicted = new double[test.size()], actual = new double[test.size()];
        int covered = 0;
        for (int i = 0; i < test.size(); i++) {
            predicted[i] = scores[i][0];
            actual[i] = test.get(i).holdoutValue();
            double low = Math.min(scores[i][1], scores[i][2]), high = Math.max(scores[i][1], scores[i][2]);
            covered += actual[i] >= low && actual[i] <= high ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>(Metrics.of(predicted, actual));
        m.put("interval_coverage", (double) covered / test.size());
        m.put("target", "net value in the holdout period, per customer (test customers)");
        return m;
    }
}
