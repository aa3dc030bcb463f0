package dev.clv.prediction;

import java.util.Arrays;

import dev.clv.contracts.problem.ProblemException;

/** The model families the service trains and serves, by their API names. */
public enum ModelType {
    BG_NBD("bg_nbd"), XGBOOST("xgboost");

    private final String apiName;

    ModelType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Parses an API name; anything else is a 400 problem naming {@code field}. */
    public static ModelType parse(String value, String field) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest(field, "must be one of bg_nbd, xgboost"));
    }
}
