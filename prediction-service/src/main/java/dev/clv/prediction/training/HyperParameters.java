package dev.clv.prediction.training;

import java.util.Map;
import java.util.Set;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.prediction.ModelType;
import dev.clv.prediction.btyd.BtydFitter;
import dev.clv.prediction.trees.GradientBoostedTrainer;

/** Reads a train request's hyper-parameters, each checked for type and range, unknown names refused. */
public final class HyperParameters {
    private static final Set<String> BG_NBD = Set.of("bootstrap_samples", "seed");
    private static final Set<String> XGBOOST = Set.of("rounds", "max_depth", "learning_rate", "subsample",
            "min_child_weight", "seed");

    private HyperParameters() {
    }

    public static void validate(ModelType type, Map<String, Object> values) {
        Set<String> known = type == ModelType.BG_NBD ? BG_NBD : XGBOOST;
        for (String name : values == null ? Set.<String>of() : values.keySet()) {
            if (!known.contains(name)) {
                throw ProblemException.badRequest("hyperparameters." + name, "unknown for " + type.apiName()
                        + "; known: " + known);
            }
        }
        if (type == ModelType.BG_NBD) {
            btyd(values);
        } else {
            trees(values, 2);
        }
    }

    /** The request's seed (42 unless given): the fit's and, with n_samples, the customer sample's. */
    public static long seed(Map<String, Object> v) {
        return (long) number(v, "seed", 42, 0, Long.MAX_VALUE, true);
    }

    public static BtydFitter.Settings btyd(Map<String, Object> v) {
        return new BtydFitter.Settings((int) number(v, "bootstrap_samples", 20, 0, 200, true),
                (long) number(v, "seed", 42, 0, Long.MAX_VALUE, true), 20_000);
    }

    public static GradientBoostedTrainer.Settings trees(Map<String, Object> v, int threads) {
        return new GradientBoostedTrainer.Settings((int) number(v, "rounds", 200, 1, 5000, true),
                (int) number(v, "max_depth", 4, 1, 12, true), number(v, "learning_rate", 0.1, 0.001, 1, false),
                number(v, "subsample", 0.8, 0.1, 1, false), number(v, "min_child_weight", 1, 0, 1000, false),
                (long) number(v, "seed", 42, 0, Long.MAX_VALUE, true), threads);
    }

    private static double number(Map<String, Object> values, String name, double fallback, double min, double max,
            boolean integer) {
        Object value = values == null ? null : values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || (integer && n.doubleValue() != Math.rint(n.doubleValue()))) {
            throw ProblemException.badRequest("hyperparameters." + name, integer
                    ? "must be an integer"
                    : "must be a "
                            + "number");
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            throw ProblemException.badRequest("hyperparameters." + name, "must be between " + min + " and " + max);
        }
        return n.doubleValue();
    }
}
