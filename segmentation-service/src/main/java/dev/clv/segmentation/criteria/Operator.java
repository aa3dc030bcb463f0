package dev.clv.segmentation.criteria;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The comparison operators of a condition, by their name in the rule tree. */
public enum Operator {
    EQ, NEQ, GT, GTE, LT, LTE, IN, BETWEEN, CONTAINS, EXISTS;

    public static final String NAMES = Arrays.stream(values()).map(Operator::apiName)
            .collect(Collectors.joining(", "));

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operator> of(String name) {
        return Arrays.stream(values()).filter(o -> o.apiName().equals(name)).findFirst();
    }
}
