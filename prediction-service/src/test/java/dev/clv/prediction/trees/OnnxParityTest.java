package dev.clv.prediction.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

import dev.clv.prediction.JobControl;

/** XGBoost and the converted graph in ONNX Runtime agree on 12,000 rows, a sixth of their values missing. */
class OnnxParityTest {
    private static final int WIDTH = TreeFeatures.width();

    @Test
    void onnxRuntimeAgreesWithXgboostOnRowsWithMissingValues() throws Exception {
        float[] train = rows(20_000, 1);
        GradientBoostedTrainer.Trained trained = GradientBoostedTrainer.train(train, labels(train, 20_000), 20_000,
                new GradientBoostedTrainer.Settings(60, 5, 0.1, 0.8, 1, 7, 2), JobControl.NONE);
        List<byte[]> json = new ArrayList<>();
        for (Booster b : trained.boosters()) {
            json.add(b.toByteArray("json"));
        }
        int n = 12_000;
        float[] test = rows(n, 2);
        DMatrix matrix = new DMatrix(test, n, WIDTH, Float.NaN);
        try (OnnxTreeScorer scorer = new OnnxTreeScorer(OnnxTreeConverter.convert(json, WIDTH), WIDTH)) {
            float[][] onnx = scorer.score(test, n);
            int missingRows = 0;
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < WIDTH; f++) {
                    if (Float.isNaN(test[i * WIDTH + f])) {
                        missingRows++;
                        break;
                    }
                }
            }
            assertTrue(missingRows > n / 2, "rows with a missing value: " + missingRows);
            for (int target = 0; target < 3; target++) {
                float[][] xgb = trained.boosters().get(target).predict(matrix);
                for (int i = 0; i < n; i++) {
                    double expected = xgb[i][0], actual = onnx[i][target];
                    assertEquals(expected, actual, 1e-4 * Math.max(Math.abs(expected), 1e-3),
                            "row " + i + " target " + target);
                }
            }
            // the quantile models bracket the mean model on most rows, so the targets are not the same model
            int ordered = 0;
            for (float[] row : onnx) {
                ordered += row[1] <= row[0] && row[0] <= row[2] ? 1 : 0;
            }
            assertTrue(ordered > 0.9 * n, "ordered rows " + ordered);
        }
        matrix.dispose();
    }

    /** Features like the real ones (counts, days, money, codes), each missing with probability 1/6. */
    static float[] rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n * WIDTH];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < WIDTH; f++) {
                x[i * WIDTH + f] = random.nextInt(6) == 0
                        ? Float.NaN
                        : switch (f) {
                            case 8 -> random.nextInt(3);
                            case 9 -> random.nextInt(12);
                            default -> (float) (random.nextDouble() * 365);
                        };
            }
        }
        return x;
    }

    /** A nonlinear target with noise; a missing input counts as a middling value. */
    static float[] labels(float[] x, int n) {
        SplittableRandom random = new SplittableRandom(3);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double frequency = orElse(x[i * WIDTH + 1], 180), monetary = orElse(x[i * WIDTH + 2], 180);
            double recency = orElse(x[i * WIDTH], 180);
            y[i] = (float) (frequency * monetary / 300 * Math.exp(-recency / 200) + 20 * random.nextDouble());
        }
        return y;
    }

    private static double orElse(float v, double missing) {
        return Float.isNaN(v) ? missing : v;
    }
}
