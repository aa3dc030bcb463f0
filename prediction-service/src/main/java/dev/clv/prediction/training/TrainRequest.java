package dev.clv.prediction.training;

import java.time.LocalDate;
import java.util.Map;

/**
 * What to train on: purchases up to {@code calibrationEnd} (inclusive) as features, those after it up to
 * {@code holdoutEnd} as the target (xgboost, required) or the check (bg_nbd, optional); the time unit of BG/NBD's
 * parameters; hyper-parameters by name.
 */
public record TrainRequest(LocalDate calibrationEnd, LocalDate holdoutEnd, String timeUnit,
        Map<String, Object> hyperparameters) {
}
